import { Worker } from 'node:worker_threads';
import { HEAP_TABLE_MEMORY, type PreparedWords, type TableMemory } from '../index.js';

/**
 * The helper thread's whole program: for each shared buffer it is handed,
 * write one word per 4 KiB page (a zero, which the pages already hold) so
 * the kernel maps every page in this thread, then raise the buffer's flag.
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
    for (let i = 0; i < words.length; i += 1024) words[i] = 0;
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

/**
 * Route-table memory whose pages are faulted in on another core: a table
 * about to double asks for its next array early, a helper thread touches
 * each page of a SharedArrayBuffer meanwhile, and the table takes it when
 * it grows if the helper is done (and allocates as usual if not). The page
 * faults of a million-route dump (tens of megabytes of fresh pages) then
 * cost the event loop nothing. The helper never writes to an array after
 * raising its flag, and the table never uses one before: no word is shared
 * by both threads at once.
 */
export function prefaultedTableMemory(): TableMemory {
  // The helper starts with the first table that asks (a lab whose tables stay small never starts one); while it
  // starts, that first table, of 16,384 slots, grows into an array of its own.
  return {
    allocate: (words) => HEAP_TABLE_MEMORY.allocate(words),
    prepare(words: number): PreparedWords | null {
      const worker = pageToucher();
      if (worker === null) return null;
      const buffer = new SharedArrayBuffer(words * 4);
      const ready = new Int32Array(new SharedArrayBuffer(4));
      worker.postMessage({ buffer, ready });
      return { take: () => (Atomics.load(ready, 0) === 1 ? new Uint32Array(buffer) : null) };
    },
  };
}
