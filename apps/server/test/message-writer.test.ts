import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBmpMessage } from '@bmp-lab/codec';
import { LoggedMessage } from '@bmp-lab/collector';
import { basicIpv4Attributes, peerHeader } from '@bmp-lab/test-support';
import { DB_FILE, LabStore } from '../src/persistence/store.js';
import { ThreadMessageWriter } from '../src/persistence/message-writer.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';
import { eventually } from './lab-harness.js';
import { loggedMessage } from './logged-message.js';

/** The station messages' writer thread: what it refuses is reported, and a thread that cannot work says so at once. */

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

/** A store with lab `a` and a writer thread on its file; what the thread reports goes to `problems`. */
function storeWithWriter(limits?: { batches: number; bytes: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'bmplab-writer-'));
  const store = new LabStore(dir);
  store.createLab('a', DEFAULT_TOPOLOGY, 1);
  cleanup.push(() => store.close());
  const problems: Error[] = [];
  const writer = new ThreadMessageWriter(join(dir, DB_FILE), () => [], { refused: (e) => problems.push(e), died: (e) => problems.push(e) }, limits);
  cleanup.push(() => writer.close());
  return { store, writer, problems };
}

describe('ThreadMessageWriter', () => {
  it('writes batches in order, reports a refused batch with its SQLite code and goes on with the next', async () => {
    const { store, writer, problems: refused } = storeWithWriter();
    writer.write([{ labId: 'a', message: loggedMessage(1) }]);
    // No such lab: the foreign key refuses the whole batch.
    writer.write([{ labId: 'nobody', message: loggedMessage(2) }]);
    writer.write([{ labId: 'a', message: loggedMessage(3) }]);
    writer.settle();
    expect(store.messageViews('a').map((m) => m.seq)).toEqual([1, 3]);
    expect([...store.messageBytes('a', 3)!]).toEqual([...loggedMessage(3).bytes]);
    const [error] = await eventually(() => refused.length > 0 && refused);
    expect(refused).toHaveLength(1);
    expect((error as Error & { code?: string }).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('a thread that cannot open the file reports that it died; writes then throw and reads do not wait', async () => {
    const died: Error[] = [];
    const writer = new ThreadMessageWriter(join(tmpdir(), 'bmplab-no-such-dir', DB_FILE), () => [], { refused: () => undefined, died: (e) => died.push(e) });
    cleanup.push(() => writer.close());
    // Known at once, before the thread's events are heard.
    expect(() => {
      for (const until = Date.now() + 5000; Date.now() < until;) writer.write([{ labId: 'a', message: loggedMessage(1) }]);
    }).toThrow(/writer thread is gone/);
    await eventually(() => died.length === 1);
    expect(() => writer.write([{ labId: 'a', message: loggedMessage(1) }])).toThrow(/writer thread is gone/);
    const t0 = Date.now();
    writer.settle();
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('stores the station’s record of each message as its JSON and the bytes as they were, and never has more batches in flight than its limit', () => {
    const { store, writer } = storeWithWriter({ batches: 1, bytes: 1 << 30 });
    // Route Monitoring messages of two connections, interleaved: each record names its own.
    const message = (seq: number) => {
      const bytes = encodeBmpMessage({
        type: 'route-monitoring',
        peer: peerHeader('10.2.2.2', 200),
        update: { type: 'update', withdrawnRoutes: [], pathAttributes: basicIpv4Attributes('10.2.2.2', [200, 64500 + (seq % 7)]), nlri: [`198.18.${seq % 256}.0/24`] },
      });
      const origin = {
        receivedAt: 1_700_000_000_000 + seq,
        station: '10.1.1.1:1790',
        router: `10.0.0.1:${50000 + (seq % 2)}`,
        connection: `c${seq % 2}`,
        sessionKey: seq % 2 === 0 ? 'HUAWEI/10.1.1.1' : null,
      };
      return { labId: 'a', message: new LoggedMessage(seq, 'route-monitoring', origin, bytes.length, bytes) };
    };
    const sent = Array.from({ length: 4000 }, (_, seq) => message(seq));
    for (let b = 0; b < 20; b++) {
      writer.write(sent.slice(b * 200, b * 200 + 200));
      // Written while the next was handed over: at most the one just sent is still waiting.
      expect(writer.batchesInFlight).toBeLessThanOrEqual(1);
    }
    writer.settle();
    expect(writer.batchesInFlight).toBe(0);
    // Made by the thread: none was made here before the comparison asks for them.
    expect(sent.some((m) => m.message.recordMade)).toBe(false);
    expect(store.messageViews('a')).toEqual(sent.map((m) => m.message.view));
    expect(store.messageViews('a')[3999]).toMatchObject({ type: 'route-monitoring', prefixes: ['198.18.159.0/24'], asPath: [200, 64502], router: '10.0.0.1:50001' });
    expect([...store.messageBytes('a', 3999)!]).toEqual([...sent[3999]!.message.bytes]);
  });

  it('stores the record it is handed for a message kept only in part, which cannot be read again', () => {
    const { store, writer, problems: refused } = storeWithWriter();
    const whole = loggedMessage(5);
    // The station kept the first bytes of a longer message; its record gives the whole length.
    const view = { ...whole.view, length: 200_000, summary: 'a message of 200,000 bytes' };
    writer.write([{ labId: 'a', message: new LoggedMessage(5, view.type, whole.origin, 200_000, whole.bytes.subarray(0, 20), view) }]);
    writer.settle();
    expect(refused).toEqual([]);
    expect(store.messageViews('a')).toEqual([view]);
    expect([...store.messageBytes('a', 5)!]).toEqual([...whole.bytes.subarray(0, 20)]);
  });

  // Linux keeps a nice value per thread (/proc/self/task/<tid>/stat, field 19): the writer lowers its own, not the server's.
  it.runIf(process.platform === 'linux')('writes at the lowest CPU priority, leaving the event loop its own', () => {
    /** A thread's nice value, or null if it ended after it was listed (an earlier test's writer thread ending). */
    const nice = (tid: string): number | null => {
      try {
        return Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
      } catch {
        return null;
      }
    };
    const lowest = () => readdirSync('/proc/self/task').filter((tid) => nice(tid) === 19);
    // Earlier tests' writer threads may still be ending: only threads that appear with this writer count (the
    // writer's, and any it started since, which inherit its value).
    const before = new Set(lowest());
    expect(nice(String(process.pid))).not.toBe(19);
    const { writer } = storeWithWriter();
    writer.write([{ labId: 'a', message: loggedMessage(1) }]);
    writer.settle();
    expect(lowest().filter((tid) => !before.has(tid)).length).toBeGreaterThan(0);
    expect(nice(String(process.pid))).not.toBe(19);
  });
});
