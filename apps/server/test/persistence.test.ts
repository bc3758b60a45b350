import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfig } from '@bmp-lab/router';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import Database from 'better-sqlite3';
import { DB_FILE, LabStore, STATION_RETENTION } from '../src/persistence/store.js';
import { ThreadMessageWriter } from '../src/persistence/message-writer.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';
import { eventually } from './lab-harness.js';
import { loggedMessage } from './logged-message.js';
import { stationMessagesIn, wsClient } from './ws-client.js';

/** What survives a restart, a crash included (BMPLAB_DATA_DIR, SQLite in WAL mode). */

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const dataDir = () => mkdtempSync(join(tmpdir(), 'bmplab-data-'));

/** A logged Statistics Report's view with this seq (what the store keeps beside the bytes). */
async function serve(dir: string): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: dir }));
  cleanup.push(() => s.close());
  return s;
}

const CONFIG = ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'commit', 'return'];

describe('persistence', () => {
  it('after a crash, every lab comes back with its running and saved configuration, console scrollback and message log; sessions re-establish', async () => {
    const dir = dataDir();
    const first = await serve(dir);
    const id = ((await (await fetch(first.url + '/api/labs', { method: 'POST' })).json()) as { id: string }).id;
    const c = await wsClient(first.url, id);
    await c.hello();
    const consoleId = await c.open();
    c.type(consoleId, ...CONFIG, 'save', 'y', 'y');
    await eventually(() => c.terminal(consoleId).includes('Info: Save the configuration successfully.'));
    await eventually(() => stationMessagesIn(c.received).some((m) => m.type === 'route-monitoring' && m.peer === '10.2.2.2'), 10_000);
    // An uncommitted change, left in the candidate when the server dies.
    c.type(consoleId, 'system-view', 'sysname NOT-COMMITTED');
    await eventually(() => c.terminal(consoleId).endsWith('[*HUAWEI]'));
    const lab = first.labs.get(id)!;
    const running = renderConfig(lab.device.running);
    const messages = lab.log.recent().map((m) => m.seq);
    const scrollback = c.terminal(consoleId);
    // The scrollback is written on a short debounce: wait until the stored copy holds all of it. Station messages are
    // queued and written in a batch; write the batch now rather than wait out its timer (reading the store does that).
    await eventually(() => first.store.consoles(id).some((s) => s.id === consoleId && s.bufferStart + s.buffer.length === scrollback.length));
    expect(first.store.messages(id, { limit: messages.length + 100 }).map((m) => m.view.seq)).toEqual(expect.arrayContaining(messages));
    c.ws.terminate();

    // "kill -9": the first server is never closed cleanly and its store never closed;
    // a second server opens the same data directory (SQLite WAL: what was committed is there).
    const second = await serve(dir);
    const back = second.labs.get(id)!;
    expect(back).toBeDefined();
    expect(renderConfig(back.device.running)).toEqual(running);
    expect(renderConfig(back.device.saved!)).toEqual(running);
    expect(running.join('\n')).not.toContain('NOT-COMMITTED');
    expect(running.join('\n')).toContain('bmp-session 10.1.1.1');
    await eventually(() => back.device.bmpSessions()[0]?.state === 'up', 10_000);
    await eventually(() => back.device.bgpPeers()[0]?.state === 'Established', 10_000);
    // The message log goes on after the old messages, none lost.
    const stored = ((await (await fetch(`${second.url}/api/labs/${id}/station/messages?limit=10000`)).json()) as { seq: number; type: string }[]).map((m) => m.seq);
    expect(stored.slice(0, messages.length)).toEqual(messages);
    await eventually(() => back.log.recent().length > messages.length);
    expect(back.log.recent()[messages.length]!.seq).toBeGreaterThan(messages.at(-1)!);

    // The console resumes with its scrollback, logged in afresh (the candidate is gone, as after a reboot).
    const d = await wsClient(second.url, id);
    await d.hello();
    d.send({ type: 'console.open', consoleId, seen: 0 });
    await eventually(() => d.received.find((m) => m.type === 'console.opened'));
    expect(d.received.find((m) => m.type === 'console.opened')).toMatchObject({ consoleId, resumed: true });
    await eventually(() => d.terminal(consoleId).endsWith('<HUAWEI>'));
    expect(d.terminal(consoleId).startsWith(scrollback)).toBe(true);
    d.type(consoleId, 'display current-configuration | include sysname');
    await eventually(() => d.terminal(consoleId).endsWith('<HUAWEI>') && d.terminal(consoleId).includes('\nsysname HUAWEI'));
    // `save` already ran in this lab: no vrpcfg.zip question any more.
    d.type(consoleId, 'save', 'y');
    await eventually(() => d.terminal(consoleId).split('Are you sure to continue?[Y/N]y').length === 3 && d.terminal(consoleId).endsWith('<HUAWEI>'));
    expect(d.terminal(consoleId).slice(scrollback.length)).not.toContain('vrpcfg.zip');
    d.ws.close();
  });

  it('a logged-out console and a deleted lab are forgotten; a clean stop keeps everything', async () => {
    const dir = dataDir();
    const first = await serve(dir);
    const id = ((await (await fetch(first.url + '/api/labs', { method: 'POST' })).json()) as { id: string }).id;
    const gone = ((await (await fetch(first.url + '/api/labs', { method: 'POST' })).json()) as { id: string }).id;
    const c = await wsClient(first.url, id);
    await c.hello();
    const keep = await c.open();
    const drop = await c.open();
    c.type(keep, 'system-view', 'sysname KEPT', 'commit');
    await eventually(() => c.terminal(keep).endsWith('[~KEPT]'));
    c.send({ type: 'console.close', consoleId: drop });
    await eventually(() => c.received.some((m) => m.type === 'console.closed'));
    await fetch(`${first.url}/api/labs/${gone}`, { method: 'DELETE' });
    c.ws.close();
    await first.close();

    const second = await serve(dir);
    expect(
      second.labs
        .list()
        .map((l) => l.id)
        .sort(),
    ).toEqual(['default', id].sort());
    expect(second.labs.get(id)!.device.running.sysname).toBe('KEPT');
    expect(second.labs.get(id)!.consoles.ids()).toEqual([keep]);
    expect(second.labs.get(id)!.device.saved).toBeNull();
  });

  it('keeps the newest station messages per lab and prunes older ones (retention)', () => {
    const store = new LabStore(dataDir());
    cleanup.push(() => store.close());
    store.createLab('a', DEFAULT_TOPOLOGY, 1);
    store.createLab('b', DEFAULT_TOPOLOGY, 2);
    for (let seq = 0; seq < STATION_RETENTION + 50; seq++) store.addMessage('a', loggedMessage(seq));
    store.addMessage('b', loggedMessage(0));
    expect(store.messageCount('a')).toBe(STATION_RETENTION);
    expect(store.messageCount('b')).toBe(1);
    expect(store.messages('a', { limit: 1 })[0]!.view.seq).toBe(STATION_RETENTION + 49);
    expect(store.messages('a', { after: 0, limit: 1 })[0]!.view.seq).toBe(50);
    expect(store.messageBytes('a', 49)).toBeUndefined();
    expect([...store.messageBytes('a', 300)!]).toEqual([...loggedMessage(300).bytes]);
    expect(store.messages('a', { after: 299, limit: 1 })[0]!.view).toEqual(loggedMessage(300).view);
    store.deleteLab('a');
    expect(store.messageCount('a')).toBe(0);
  });

  it('prunes by what an earlier run stored too: the log keeps the newest STATION_RETENTION across a restart', () => {
    const dir = dataDir();
    const first = new LabStore(dir);
    first.createLab('a', DEFAULT_TOPOLOGY, 1);
    for (let seq = 0; seq < STATION_RETENTION - 10; seq++) first.addMessage('a', loggedMessage(seq));
    first.close();
    const second = new LabStore(dir);
    cleanup.push(() => second.close());
    expect(second.messageCount('a')).toBe(STATION_RETENTION - 10);
    for (let seq = STATION_RETENTION - 10; seq < STATION_RETENTION + 20; seq++) second.addMessage('a', loggedMessage(seq));
    expect(second.messageCount('a')).toBe(STATION_RETENTION);
    expect(second.messageViews('a', { limit: 1, after: -1 })[0]!.seq).toBe(20);
  });

  it('a database whose message log predates the rowid table keeps its messages, and the log is written by its own thread', () => {
    const dir = dataDir();
    const store = new LabStore(dir);
    store.createLab('a', DEFAULT_TOPOLOGY, 1);
    store.close();
    // Back to schema 5's message table (WITHOUT ROWID), holding two messages.
    const old = new Database(join(dir, DB_FILE));
    old.exec(`DROP TABLE station_messages;
      CREATE TABLE station_messages (lab_id TEXT NOT NULL REFERENCES labs(id) ON DELETE CASCADE, seq INTEGER NOT NULL, view TEXT NOT NULL,
        bytes BLOB NOT NULL, PRIMARY KEY (lab_id, seq)) WITHOUT ROWID;`);
    const insert = old.prepare('INSERT INTO station_messages VALUES (?, ?, ?, ?)');
    for (const seq of [7, 8]) insert.run('a', seq, JSON.stringify({ seq, type: 'statistics-report' }), Buffer.from([3, seq]));
    old.pragma(`user_version = ${LabStore.schemaVersion - 1}`);
    old.close();

    const reopened = new LabStore(dir);
    cleanup.push(() => reopened.close());
    expect(reopened.messageCount('a')).toBe(2);
    expect([...reopened.messageBytes('a', 8)!]).toEqual([3, 8]);
    reopened.addMessage('a', loggedMessage(9));
    expect(reopened.messageViews('a').map((m) => m.seq)).toEqual([7, 8, 9]);
    const schema = (reopened as unknown as { db: { prepare(s: string): { get(): { sql: string } } } }).db
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'station_messages'")
      .get();
    expect(schema.sql).not.toMatch(/WITHOUT ROWID/);
    // A file that opened normally gets a writer thread: the event loop only hands batches over.
    expect((reopened as unknown as { messageWriter: object }).messageWriter).toBeInstanceOf(ThreadMessageWriter);
  });

  it('refuses a database from a newer server', () => {
    const dir = dataDir();
    const store = new LabStore(dir);
    (store as unknown as { db: { pragma(s: string): unknown } }).db.pragma(`user_version = ${LabStore.schemaVersion + 1}`);
    store.close();
    expect(() => new LabStore(dir)).toThrow(/newer than this server/);
  });
});
