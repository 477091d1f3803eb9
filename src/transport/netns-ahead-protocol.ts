// What the main thread and the namespace helper thread share: one Int32Array over a
// SharedArrayBuffer per batch, a slot per namespace, each slot moved on with compareExchange so
// that exactly one thread makes each namespace. The main thread takes slots from the front (the
// order the run asks for them), the helper from the back; they meet in the middle.

/** Nobody has started on it. */
export const SLOT_FREE = 0
/** The main thread makes it (or, after close, nobody does). */
export const SLOT_MAIN = 1
/** The helper is making it now. */
export const SLOT_BUSY = 2
/** The helper made it; nobody has asked for it yet. */
export const SLOT_MADE = 3
/** The helper could not make it and left nothing behind; the main thread tries, for the error. */
export const SLOT_FAILED = 4
/** The helper made it and netns.add was told so. */
export const SLOT_TAKEN = 5

/** A batch, as posted to the helper. */
export interface AheadJob {
  /** Said back in { done } once the helper has gone through every slot. */
  id: number
  slots: Int32Array
  files: string[]
}

/** What the helper posts back. */
export type HelperMessage = { unavailable: string } | { done: number }
