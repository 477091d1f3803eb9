// The namespace helper thread (a worker_thread of nlwire's own, started by netns-helper.ts): it
// makes namespaces while the main thread makes others. unshare(CLONE_NEWNET) is most of the
// cost of a namespace, the kernel's work, and on two CPUs two threads do it side by side in
// about half the time. The steps are netns.add's own (netns-create.ts); this thread only leaves
// its namespace inside them, synchronously, and comes back, as the main thread does.
import { parentPort } from 'node:worker_threads'
import { netnsLog } from '../debug.js'
import { type AheadJob, type HelperMessage, SLOT_BUSY, SLOT_FAILED, SLOT_FREE, SLOT_MADE } from './netns-ahead-protocol.js'
import { createBoundNetns } from './netns-create.js'
import { mechanism, sys } from './sys.js'

const port = parentPort
if (port !== null) {
  const s = sys()
  const post = (m: HelperMessage) => port.postMessage(m)
  if (s === undefined) post({ unavailable: mechanism().reason })
  else {
    port.on('message', (job: AheadJob) => {
      const { id, slots, files } = job
      for (let i = files.length - 1; i >= 0; i--) {
        if (Atomics.compareExchange(slots, i, SLOT_FREE, SLOT_BUSY) !== SLOT_FREE) continue
        let outcome = SLOT_MADE
        try {
          createBoundNetns(s, files[i]!)
        } catch (e) {
          // Nothing is left behind; the main thread makes it again and words the error.
          netnsLog('helper thread: %s: %s', files[i], (e as Error).message)
          outcome = SLOT_FAILED
        }
        Atomics.store(slots, i, outcome)
        Atomics.notify(slots, i)
      }
      post({ done: id })
    })
  }
}
