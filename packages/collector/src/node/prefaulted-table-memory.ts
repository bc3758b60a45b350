import { Worker } from 'node:worker_threads';
import { HEAP_TABLE_MEMORY, type PreparedWords, type TableMemory } from '../index.js';

/**
 * The helper thread's whole program: for each shared buffer it is handed,
 * write one word per 4 KiB page (a zero, which the pages already hold) so
 * the kernel maps every page in this thread, then raise the buffer's flag.
 * Inline, so it needs no file beside the compiled code and runs the same
 * from the sources under test.
 */
const TOUCH_PAGES = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ buffer, ready }) => {
  const words = new Int32Array(buffer);
  for (let i = 0; i < words.length; i += 1024) words[i] = 0;
  Atomics.store(ready, 0, 1);
});
`;

/** The process's one helper thread, started on first use; null once it failed (tables then allocate as usual). */
let helper: Worker | null | undefined;

function pageToucher(): Worker | null {
  if (helper !== undefined) return helper;
  try {
    const worker = new Worker(TOUCH_PAGES, { eval: true, name: 'route-table pages' });
    // It must never keep the process alive, nor take it down: a failed helper only means plain allocation.
    worker.unref();
    worker.on('error', () => {
      helper = null;
    });
    worker.on('exit', () => {
      helper = null;
    });
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
  // Started now, so that it is running by the time the first table grows large.
  pageToucher();
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
