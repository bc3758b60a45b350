import { Worker } from 'node:worker_threads';
import { HEAP_TABLE_MEMORY, type PreparedWords, type TableMemory } from '../index.js';

/**
 * The helper thread's whole program: for each shared buffer it is handed,
 * fault in every 4 KiB page by a write to one word of it, then raise the
 * buffer's flag. The write is a compare-and-exchange of 0 for 0: the table
 * may take the buffer before the helper is through (a helper that started
 * late still spares it the pages it got to) and write routes into it
 * meanwhile, and an exchange that finds a route's word leaves it as it is.
 * Then it lets go of the buffer: its handle in this thread's heap keeps the
 * memory alive until that heap is collected, and nothing else allocates here,
 * so without a collection a table's old arrays would never be freed. It
 * collects its young generation with `gc`, which the V8 flag it sets
 * exposes: the buffer's handle is new and nothing else lives there, so a
 * scavenge (under a millisecond) frees it where a full collection took
 * 8–30 ms of the core the rest of the process needs;
 * where that fails it says so at once and is ended (tables then allocate as
 * usual). Inline, so it needs no file beside the compiled code and runs the
 * same from the sources under test.
 */
const TOUCH_PAGES = `
// Imports, not require: the code runs as CommonJS or as a module, as the process's flags (--input-type) make it.
Promise.all([import('node:worker_threads'), import('node:v8'), import('node:vm')]).then(([{ parentPort }, v8, vm]) => {
  let collect = null;
  try {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc');
  } catch {}
  if (typeof collect !== 'function') {
    parentPort.postMessage('no-gc');
    return;
  }
  parentPort.on('message', ({ buffer, ready }) => {
    const words = new Int32Array(buffer);
    for (let i = 0; i < words.length; i += 1024) Atomics.compareExchange(words, i, 0, 0);
    Atomics.store(ready, 0, 1);
    setImmediate(() => collect({ type: 'minor' }));
  });
});
`;

/** The process's one helper thread, started on the first request; null once it failed (tables then allocate as usual). */
let helper: Worker | null | undefined;

function pageToucher(): Worker | null {
  if (helper !== undefined) return helper;
  try {
    const worker = new Worker(TOUCH_PAGES, { eval: true, name: 'route-table pages' });
    worker.on('message', (m) => {
      if (m !== 'no-gc') return;
      helper = null;
      // Ending it lets go of every buffer it was handed; none of them was marked ready.
      void worker.terminate();
    });
    worker.on('error', () => {
      helper = null;
    });
    worker.on('exit', () => {
      helper = null;
    });
    // It must never keep the process alive (after the listeners: one for messages would hold it again), nor take it
    // down: a failed helper only means plain allocation.
    worker.unref();
    helper = worker;
  } catch {
    helper = null;
  }
  return helper;
}

/** A table's next array, being faulted in: `faultedIn` once the helper has been through every page. */
export interface PrefaultedWords extends PreparedWords {
  readonly faultedIn: boolean;
}

/**
 * The helper starts with the first table this large (a view of a thousand
 * or so routes), so it is running by the time the first table asks ahead
 * (PREPARE_MIN_SLOTS): started by that request, it was still starting when
 * the next tables grew, and those took their faults on the event loop. A
 * lab whose tables stay small never starts it.
 */
const HELPER_START_WORDS = 4096;

/**
 * Route-table memory whose pages are faulted in on another core: a table
 * about to double asks for its next array early, a helper thread touches
 * each page of a SharedArrayBuffer meanwhile, and the table grows into it,
 * however far the helper got (pages it has not reached fault on the table's
 * thread, as in a fresh array). The page faults of a million-route dump
 * (tens of megabytes of fresh pages) then cost the event loop nothing, or
 * less when the other core is busy. The helper only ever writes a zero over
 * a zero, atomically, so the two threads never lose each other's words.
 */
export function prefaultedTableMemory(): TableMemory {
  return {
    allocate(words) {
      if (words >= HELPER_START_WORDS) pageToucher();
      return HEAP_TABLE_MEMORY.allocate(words);
    },
    prepare(words: number): PrefaultedWords | null {
      const worker = pageToucher();
      if (worker === null) return null;
      const buffer = new SharedArrayBuffer(words * 4);
      const ready = new Int32Array(new SharedArrayBuffer(4));
      worker.postMessage({ buffer, ready });
      return {
        take: () => new Uint32Array(buffer),
        get faultedIn() {
          return Atomics.load(ready, 0) === 1;
        },
      };
    },
  };
}
