// The Node options the server runs with, however it is started (`npm start`,
// the e2e web server, the benches), so what is measured is what users run.
//
// V8 runs garbage-collection and optimising-compiler jobs on a pool of
// background threads, four by default whatever the machine. On a machine of
// two cores those four, the server's own threads (the message writer, the
// route tables' page helper) and a browser on the same machine all compete
// with the event loop, which is what a user waits on: in a million-route IPv6
// table dump through the server the event loop ran for 550–640 ms of a
// 750–900 ms ingest, pre-empted for the rest. A pool of one thread per core
// but one (at most Node's four) leaves the event loop its core: measured on
// two cores, the same ingest in 714 instead of 810 ms (medians of 4
// alternating fresh runs), the event loop idle about 80 instead of 250 ms.
import { availableParallelism } from 'node:os';

/** Node's own default pool size, the most this ever asks for. */
const NODE_DEFAULT_POOL = 4;

/** `--v8-pool-size=N`: one background thread per core but one, at least one, at most Node's default. */
export function serverNodeArgs(cores = availableParallelism()) {
  return [`--v8-pool-size=${Math.max(1, Math.min(NODE_DEFAULT_POOL, cores - 1))}`];
}
