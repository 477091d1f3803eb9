// Preloaded into a process whose peak memory the campaign measures: at exit, its own peak RSS
// (VmHWM in /proc/self/status, KiB) goes to the file named by NLWIRE_PEAK_RSS_FILE. Not
// getrusage's ru_maxrss: Linux carries that across fork and exec, so a child started by a big
// parent reports the parent's peak (every CLI run showed the campaign's own 244 MiB).
import { readFileSync, writeFileSync } from 'node:fs'

const file = process.env.NLWIRE_PEAK_RSS_FILE
if (file) {
  process.on('exit', () => {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    writeFileSync(file, hwm ? hwm[1] : String(process.resourceUsage().maxRSS))
  })
}
