// This thread's CPU time (user + system), in ns, for the bench's timed loops: wall-clock time on a
// shared, loaded machine measures mostly the other processes.
//
// clock_gettime(CLOCK_THREAD_CPUTIME_ID) through koffi when it loads: exact to the nanosecond
// (the kernel brings the running thread's sum_exec_runtime up to date first). Without koffi, the
// first field of /proc/thread-self/schedstat, which for the running thread is only brought up to
// date at scheduler events and ticks (4 ms at HZ=250): fine over long loops, coarse over short
// ones. The second field of schedstat is the time the thread spent waiting for a CPU.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const CLOCK_THREAD_CPUTIME_ID = 3

type Clock = () => number

function koffiClock(): Clock | undefined {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as {
      load(p: string): { func(sig: string): (...a: unknown[]) => number }
      struct(name: string, def: Record<string, string>): unknown
    }
    const lib = koffi.load('libc.so.6')
    koffi.struct('nlwire_bench_timespec', { tv_sec: 'int64_t', tv_nsec: 'int64_t' })
    const gettime = lib.func('int clock_gettime(int clk, _Out_ nlwire_bench_timespec *ts)')
    const ts = { tv_sec: 0, tv_nsec: 0 }
    const clock: Clock = () => {
      if (gettime(CLOCK_THREAD_CPUTIME_ID, ts) !== 0) throw new Error('clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed')
      return ts.tv_sec * 1e9 + ts.tv_nsec
    }
    clock()
    return clock
  } catch {
    return undefined
  }
}

function schedstat(): [number, number] {
  const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number)
  return [run!, wait!]
}

const precise = koffiClock()

/** Where the CPU time comes from (for the notes). */
export const threadCpuSource = precise !== undefined ? 'clock_gettime(CLOCK_THREAD_CPUTIME_ID)' : '/proc/thread-self/schedstat (tick resolution)'

/** This thread's CPU time so far, ns. */
export const threadCpuNs: Clock = precise ?? (() => schedstat()[0])

/** The time this thread has waited for a CPU so far, ns (schedstat). */
export function runQueueNs(): number {
  return schedstat()[1]
}
