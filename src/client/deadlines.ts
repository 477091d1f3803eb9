// Request deadlines on one Node timer instead of a setTimeout per request. Requests usually share
// the client's timeout, so deadlines arrive in order and are appended; a request answered in
// time only marks its entry cancelled (no timer is touched). The one timer is armed for the
// earliest deadline, and kept referenced only while some deadline is live: like the per-request
// timers it replaces, it holds the process open exactly while a request waits for an answer.

/** A deadline handed out by add(); cancel it when the request finishes in time. */
export interface Deadline<T> {
  /** performance.now() time it expires at. */
  readonly at: number
  /** The waiting item; undefined once expired or cancelled. */
  item: T | undefined
}

/** Entries are dropped from the front in one slice once this many are spent. */
const COMPACT_AFTER = 1024

export class Deadlines<T> {
  /** Sorted by `at`; entries before `head` are spent, cancelled ones stay in place until then. */
  private entries: Deadline<T>[] = []
  private head = 0
  private live = 0
  private timer: NodeJS.Timeout | undefined
  /** When `timer` fires (Infinity: no timer). */
  private timerAt = Infinity
  private timerRefed = false

  constructor(private readonly expire: (item: T) => void) {}

  /** `item` expires in `ms` milliseconds unless cancelled first. */
  add(item: T, ms: number): Deadline<T> {
    const e: Deadline<T> = { at: performance.now() + ms, item }
    const list = this.entries
    if (list.length === this.head || list[list.length - 1]!.at <= e.at) list.push(e)
    else list.splice(this.insertionPoint(e.at), 0, e)
    this.live++
    if (e.at < this.timerAt) this.arm(e.at)
    else if (!this.timerRefed) this.setRef(true)
    return e
  }

  cancel(e: Deadline<T>): void {
    if (e.item === undefined) return
    e.item = undefined
    if (--this.live === 0) this.idle()
  }

  /** Cancel everything and stop the timer. */
  clear(): void {
    for (let i = this.head; i < this.entries.length; i++) this.entries[i]!.item = undefined
    this.live = 0
    this.idle()
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Infinity
  }

  /** Nothing live: forget the entries, and let the process exit while the timer is pending. */
  private idle(): void {
    this.entries = []
    this.head = 0
    if (this.timerRefed) this.setRef(false)
  }

  private insertionPoint(at: number): number {
    let lo = this.head
    let hi = this.entries.length
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      if (this.entries[mid]!.at <= at) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timerAt = at
    // Timers have 1 ms resolution: round up so the deadline has passed when the timer fires.
    this.timer = setTimeout(() => this.fire(), Math.max(1, Math.ceil(at - performance.now())))
    this.timerRefed = true
  }

  private setRef(on: boolean): void {
    this.timerRefed = on
    if (on) this.timer?.ref()
    else this.timer?.unref()
  }

  private fire(): void {
    this.timer = undefined
    this.timerAt = Infinity
    this.timerRefed = false
    const now = performance.now()
    while (this.head < this.entries.length && this.entries[this.head]!.at <= now) {
      const e = this.entries[this.head++]!
      const item = e.item
      if (item === undefined) continue
      e.item = undefined
      this.live--
      // May add deadlines (later than now: appended behind the loop) or cancel others.
      this.expire(item)
    }
    if (this.live === 0) {
      this.idle()
      return
    }
    while (this.entries[this.head]!.item === undefined) this.head++
    if (this.head >= COMPACT_AFTER) {
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
    const next = this.entries[this.head]!.at
    if (next < this.timerAt) this.arm(next)
    else if (!this.timerRefed) this.setRef(true)
  }
}
