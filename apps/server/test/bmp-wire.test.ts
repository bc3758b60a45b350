import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { VRP_SYS_DESCR } from '@bmp-lab/router';
import { eventually, startLab } from './lab-harness.js';

/**
 * The bytes are real: a plain TCP listener (not our collector) receives what
 * the router sends, and the test reads it by RFC 7854 §4.1/§4.3/§4.5 by hand.
 */
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function plainListener(): Promise<{ server: Server; port: number; received: () => Buffer; sockets: Socket[]; closed: () => boolean }> {
  const chunks: Buffer[] = [];
  const sockets: Socket[] = [];
  let closed = false;
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => (closed = true));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ server, port, received: () => Buffer.concat(chunks), sockets, closed: () => closed });
    }),
  );
}

/** Split a BMP stream by its common headers: version (1), length (4), type (1). */
function frames(stream: Buffer): { version: number; type: number; body: Buffer }[] {
  const out = [];
  let i = 0;
  while (i + 6 <= stream.length) {
    const length = stream.readUInt32BE(i + 1);
    if (i + length > stream.length) break;
    out.push({ version: stream[i]!, type: stream[i + 5]!, body: stream.subarray(i + 6, i + length) });
    i += length;
  }
  return out;
}

/** Information TLVs: type (2), length (2), value. */
function tlvs(body: Buffer): { type: number; value: Buffer }[] {
  const out = [];
  for (let i = 0; i + 4 <= body.length;) {
    const len = body.readUInt16BE(i + 2);
    out.push({ type: body.readUInt16BE(i), value: body.subarray(i + 4, i + 4 + len) });
    i += 4 + len;
  }
  return out;
}

describe('a BMP session pointed at a plain TCP listener on 127.0.0.1', () => {
  it('receives a valid BMP v3 Initiation, and a Termination when the session is removed', async () => {
    const station = await plainListener();
    cleanup.push(() => new Promise((r) => station.server.close(() => r())));
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());

    type('system-view', 'bmp', 'bmp-session 127.0.0.1', `tcp connect port ${station.port}`, 'commit');
    const [init] = await eventually(() => frames(station.received()).length >= 1 && frames(station.received()));
    expect(init!.version).toBe(3);
    expect(init!.type).toBe(4); // Initiation
    expect(tlvs(init!.body).map((t) => [t.type, t.value.toString('utf8')])).toEqual([
      [1, VRP_SYS_DESCR], // sysDescr
      [2, 'HUAWEI'], // sysName
    ]);
    expect(lab.device.bmpSessions()[0]).toMatchObject({ state: 'up', localAddress: '127.0.0.1' });

    type('quit', 'undo bmp-session 127.0.0.1', 'commit');
    const all = await eventually(() => frames(station.received()).length >= 2 && frames(station.received()));
    expect(all[1]!.type).toBe(5); // Termination
    expect(tlvs(all[1]!.body)[0]).toEqual({ type: 1, value: Buffer.from([0, 0]) }); // reason: administratively closed
    await eventually(() => station.closed());
  });

  it('uses the connect-interface address as the source', async () => {
    const station = await plainListener();
    cleanup.push(() => new Promise((r) => station.server.close(() => r())));
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    type('system-view', 'bmp', 'bmp-session 127.0.0.1', `tcp connect port ${station.port}`, 'connect-interface 127.0.0.5', 'commit');
    await eventually(() => station.sockets.length === 1);
    expect(station.sockets[0]!.remoteAddress).toBe('127.0.0.5');
    expect(lab.device.bmpSessions()[0]).toMatchObject({ state: 'up', localAddress: '127.0.0.5' });
  });

  it('never dials an address outside loopback and the lab: the session stays down', async () => {
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    type('system-view', 'bmp', 'bmp-session 192.0.2.1', 'tcp connect port 1790', 'commit');
    const s = await eventually(() => lab.device.bmpSessions().find((x) => x.downReason === 'Connect Failed'));
    expect(s.state).toBe('down');
    expect(lab.network.resolve({ address: '192.0.2.1', port: 1790, vpnInstance: null })).toEqual({ error: 'host 192.0.2.1 unreachable' });
  });
});

describe('the embedded station at 10.1.1.1', () => {
  it('receives, frames and decodes the Initiation on both ports', async () => {
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    const seen: string[] = [];
    lab.subscribe((m) => {
      for (const one of m.type === 'station.message' ? [m.message] : m.type === 'station.messages' ? m.messages : []) seen.push(`${one.station} ${one.type} ${one.summary}`);
    });
    type('system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'quit', 'bmp-session 10.1.1.1 alias b', 'tcp connect port 1791', 'commit');
    await eventually(() => seen.length >= 2);
    expect(seen.sort()).toEqual([expect.stringMatching(/^10\.1\.1\.1:1790 initiation sysName=HUAWEI/), expect.stringMatching(/^10\.1\.1\.1:1791 initiation sysName=HUAWEI/)]);
  });
});
