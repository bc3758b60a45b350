import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { encodeBmpMessage } from '@bmp-lab/codec';
import { listenStation } from '@bmp-lab/collector/node';
import { MAX_DECODE_ERRORS, StationStream } from '@bmp-lab/collector';
import type { StationEvent } from '@bmp-lab/collector';
import { seededRandom } from '@bmp-lab/test-support';

/**
 * The station faces real routers, and hostile ones: a million malformed
 * frames over TCP (bodies that do not decode, TLV length bombs, truncated
 * headers) from connection after connection, each closed with a reported
 * reason once it has sent MAX_DECODE_ERRORS of them; and connections whose
 * framing is broken outright (oversized declared lengths, wrong versions),
 * closed at once. A well-behaved router on another connection is served
 * throughout, and memory comes back to where it was.
 */
const HOSTILE_FRAMES = Number(process.env['STATION_FUZZ_FRAMES'] ?? 1_000_000);

/** A frame with a valid common header and a hostile body. */
function hostileFrame(r: () => number): Uint8Array {
  const kind = Math.floor(r() * 4);
  const bodyLength = kind === 3 ? 4 : Math.floor(r() * 60);
  const frame = new Uint8Array(6 + bodyLength);
  frame[0] = 3;
  new DataView(frame.buffer).setUint32(1, frame.length);
  frame[5] = kind === 0 ? 4 : kind === 1 ? Math.floor(r() * 7) : kind === 2 ? 9 : 0; // initiation, any, unknown type, RM
  for (let i = 6; i < frame.length; i++) frame[i] = Math.floor(r() * 256);
  if (kind === 0 && bodyLength >= 4) {
    // A TLV that claims far more than the message holds.
    frame[8] = 0xff;
    frame[9] = 0xff;
  }
  return frame;
}

function send(socket: Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => (socket.write(bytes) ? resolve() : socket.once('drain', () => resolve())));
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

describe('a station under hostile input', () => {
  it('reports malformed frames, closes broken connections, and keeps serving a good router', { timeout: 120_000 }, async () => {
    let goodRouter = '';
    let goodMessages = 0;
    /** Per router endpoint: frames reported (decoded or not). */
    const reported = new Map<string, { errors: number; decoded: number; rejected: number }>();
    // Each connection's framing and decoding, reported per router endpoint.
    const onEvent = (router: string, e: StationEvent) => {
      if (e.kind !== 'error' && e.kind !== 'message' && e.kind !== 'rejected') return;
      if (router === goodRouter) {
        if (e.kind === 'message') goodMessages++;
        return;
      }
      const n = reported.get(router) ?? { errors: 0, decoded: 0, rejected: 0 };
      if (e.kind === 'error') n.errors++;
      else if (e.kind === 'rejected') n.rejected++;
      else n.decoded++;
      reported.set(router, n);
    };
    const station = await listenStation({
      host: '127.0.0.1',
      port: 0,
      accept: ({ router }) => new StationStream(Date.now, (e) => onEvent(`${router.address}:${router.port}`, e)),
    });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;

    const good = await open(station.port);
    goodRouter = `${good.localAddress}:${good.localPort}`;
    const initiation = encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'good' }] });

    // 1) A million hostile frames, framing intact, from one connection after another: each
    //    frame is reported; each connection is closed once it is mostly garbage.
    const r = seededRandom(42);
    let sent = 0;
    let sentGood = 0;
    /** One per hostile connection, taken once it closed: thousands of connections reuse ephemeral ports, so an endpoint names several in turn. */
    const hostileReports: { errors: number; decoded: number; rejected: number }[] = [];
    while (sent < HOSTILE_FRAMES) {
      const hostile = await open(station.port);
      hostile.on('error', () => {});
      const endpoint = `${hostile.localAddress}:${hostile.localPort}`;
      const n = Math.min(MAX_DECODE_ERRORS * 2, HOSTILE_FRAMES - sent);
      const frames = Array.from({ length: n }, () => hostileFrame(r));
      sent += n;
      hostile.write(Buffer.concat(frames));
      await new Promise((res) => hostile.once('close', res));
      // The station reports a connection's frames before it closes it, so its report is complete here.
      hostileReports.push(reported.get(endpoint) ?? { errors: 0, decoded: 0, rejected: 0 });
      reported.delete(endpoint);
      if (sent % 100_000 < n) {
        await send(good, initiation);
        sentGood++;
      }
    }

    // 2) Connections whose framing is broken: each gets closed by the station.
    const broken: Uint8Array[] = [
      new Uint8Array([3, 0xff, 0xff, 0xff, 0xff, 4]), // declared length over the maximum
      new Uint8Array([1, 0, 0, 0, 6, 4]), // BMP version 1
      new Uint8Array([3, 0, 0, 0, 2, 4]), // length shorter than the header
    ];
    const closed = await Promise.all(
      broken.map(async (bytes) => {
        const s = await open(station.port);
        s.on('error', () => {});
        s.write(bytes);
        return new Promise<boolean>((resolve) => s.once('close', () => resolve(true)));
      }),
    );
    expect(closed).toEqual([true, true, true]);

    await send(good, initiation);
    sentGood++;
    const until = Date.now() + 60_000;
    while (goodMessages < sentGood && Date.now() < until) await new Promise((res) => setTimeout(res, 20));
    expect(goodMessages).toBe(sentGood);
    // Every hostile connection was closed by the station with its reason, after at most MAX_DECODE_ERRORS errors.
    expect(hostileReports).toHaveLength(Math.ceil(HOSTILE_FRAMES / (MAX_DECODE_ERRORS * 2)));
    const misreported = hostileReports.findIndex((n) => !(n.rejected === 1 && n.errors >= MAX_DECODE_ERRORS && n.errors <= MAX_DECODE_ERRORS + 1 + n.decoded));
    expect(misreported, `hostile connection ${misreported}: ${JSON.stringify(hostileReports[misreported])}`).toBe(-1);
    // Each broken connection was reported once before it was closed.
    // (The hostile connections' reports were taken out as they closed: what is left is the broken ones'.)
    expect([...reported.values()].map((n) => n.errors)).toEqual(broken.map(() => 1));
    good.end();
    await station.close();
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
