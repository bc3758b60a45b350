import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeBmpMessage } from '@bmp-lab/codec';
import { STATION_LOG_BYTES, STATION_MESSAGE_KEPT_BYTES } from '@bmp-lab/collector';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { STATION_RETENTION_BYTES } from '../src/persistence/store.js';
import { eventually } from './lab-harness.js';

/**
 * The station's message log under large messages, on the real server over
 * loopback: memory and the database keep it within their bytes, a message
 * larger than any BGP speaker sends keeps only its head, and the message
 * listing reads no blob.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: 'off' }));
});
afterAll(async () => {
  await server?.close();
});

/** An Initiation of about `tlvs` × 60 kB (sysDescr-like string TLVs, RFC 7854 §4.4). */
const initiation = (name: string, tlvs: number) =>
  encodeBmpMessage({
    type: 'initiation',
    tlvs: [{ type: 'sysName', value: name }, ...Array.from({ length: tlvs }, () => ({ type: 'string' as const, value: 'x'.repeat(60_000) }))],
  });

describe('the station message log under large messages', () => {
  it('keeps memory and the database within their bytes, and only the head of a 1 MiB message', async () => {
    const { host, port } = server.lab.stationEndpoints()[0]!;
    const socket = connect({ host, port });
    socket.on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    const mid = initiation('mid', 2); // 120 kB: kept whole
    const huge = initiation('huge', 17); // 1 MiB: only its head kept
    expect(mid.length).toBeLessThan(STATION_MESSAGE_KEPT_BYTES);
    expect(huge.length).toBeGreaterThan(1_000_000);
    const messages = [...Array.from({ length: 600 }, () => mid), ...Array.from({ length: 8 }, () => huge)];
    for (const m of messages) if (!socket.write(m)) await new Promise((r) => socket.once('drain', r));
    const card = await eventually(() => server.lab.station.routers().find((c) => c.sysName === 'huge' && c.received.initiation === messages.length), 20_000);
    const sent = messages.reduce((n, m) => n + m.length, 0);
    expect(card.bytes).toBe(sent);

    const log = server.lab.station.log;
    expect(log.bytesHeld).toBeLessThanOrEqual(STATION_LOG_BYTES);
    expect(log.bytesHeld).toBeGreaterThan(STATION_LOG_BYTES / 2);
    const newest = log.recent().at(-1)!;
    expect(newest.length).toBe(huge.length);
    expect(server.lab.messageBytes(newest.seq)!.length).toBe(STATION_MESSAGE_KEPT_BYTES);
    expect([...server.lab.messageBytes(newest.seq)!]).toEqual([...huge.subarray(0, STATION_MESSAGE_KEPT_BYTES)]);

    const stored = server.store.messages(server.lab.id, { limit: 10_000 });
    const storedBytes = stored.reduce((n, m) => n + m.bytes.length, 0);
    console.log(
      `station-flood-log: ${(sent / 2 ** 20).toFixed(0)} MiB received; ${(log.bytesHeld / 2 ** 20).toFixed(1)} MiB in memory, ${(storedBytes / 2 ** 20).toFixed(1)} MiB stored (${stored.length} messages)`,
    );
    expect(storedBytes).toBeLessThanOrEqual(STATION_RETENTION_BYTES);
    expect(stored.at(-1)!.view.seq).toBe(newest.seq);
    expect(stored.at(-1)!.bytes.length).toBe(STATION_MESSAGE_KEPT_BYTES);
    socket.destroy();
  });

  it('lists 10,000 messages without reading a blob', async () => {
    const withBytes = vi.spyOn(server.store, 'messages');
    const oneBlob = vi.spyOn(server.store, 'messageBytes');
    try {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/labs/${server.lab.id}/station/messages?limit=10000`);
      const list = (await res.json()) as { seq: number; bytes?: unknown }[];
      const ms = performance.now() - t0;
      expect(res.status).toBe(200);
      expect(list.length).toBe(server.store.messageCount(server.lab.id));
      expect(list.length).toBeGreaterThan(100);
      expect(list.some((m) => 'bytes' in m)).toBe(false);
      expect(withBytes).not.toHaveBeenCalled();
      expect(oneBlob).not.toHaveBeenCalled();
      expect(ms).toBeLessThan(1000);
    } finally {
      withBytes.mockRestore();
      oneBlob.mockRestore();
    }
  });
});
