import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBgpFramer, decodeBgpMessage, encodeBgpMessage, fromHex } from '@bmp-lab/codec';
import type { BgpMessage, NotificationMessage } from '@bmp-lab/codec';
import { LabNeighbor } from '@bmp-lab/router';
import { listenStream, systemClock } from '@bmp-lab/router/node';

/**
 * The NOTIFICATION a BGP session sends for a message that does not frame or
 * decode is the one the codec names for the error (RFC 4271 §6), seen on the
 * wire by a raw TCP peer of a lab neighbor (a passive session expecting AS 100).
 */
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

const header = (length: number, type: number) => Uint8Array.from([...new Array(16).fill(0xff), length >> 8, length & 0xff, type]);
/** A whole BGP message of `type` whose body is `bodyHex`. */
const raw = (type: number, bodyHex: string) => {
  const body = fromHex(bodyHex);
  return Uint8Array.from([...header(19 + body.length, type), ...body]);
};
const open100 = encodeBgpMessage({ type: 'open', version: 4, myAsn: 100, holdTime: 180, bgpId: '192.0.2.1', parameters: [] });

interface RawPeer {
  socket: Socket;
  received: BgpMessage[];
  /** Resolves when the neighbor has closed the connection. */
  closed: Promise<void>;
}

async function rawPeer(): Promise<RawPeer> {
  const neighbor = new LabNeighbor({ address: '10.2.2.2', asn: 200, expectAs: 100, routes: [{ prefix: '203.0.113.0/24' }] }, systemClock());
  const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(c));
  cleanup.push(
    () => listener.close(),
    () => neighbor.stop(),
  );
  const socket = connect(listener.port, '127.0.0.1');
  cleanup.push(() => socket.destroy());
  const received: BgpMessage[] = [];
  const framer = createBgpFramer();
  socket.on('data', (chunk) => {
    for (const item of framer.push(new Uint8Array(chunk))) {
      if (!item.ok) throw new Error(item.error.message);
      const m = decodeBgpMessage(item.bytes);
      if (!m.ok) throw new Error(m.error.message);
      received.push(m.value);
    }
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received, closed };
}

/** Send `bytes` and return the NOTIFICATION the neighbor closes the connection with. */
async function notificationFor(peer: RawPeer, bytes: Uint8Array): Promise<Pick<NotificationMessage, 'code' | 'subcode'>> {
  peer.socket.write(bytes);
  await peer.closed;
  const n = peer.received.at(-1);
  if (n?.type !== 'notification') throw new Error(`the neighbor closed without a NOTIFICATION (last: ${n?.type})`);
  return { code: n.code, subcode: n.subcode };
}

/** A peer past OPEN and KEEPALIVE (Established on the neighbor's side). */
async function establishedPeer(): Promise<RawPeer> {
  const peer = await rawPeer();
  peer.socket.write(open100);
  while (!peer.received.some((m) => m.type === 'keepalive')) await new Promise((r) => peer.socket.once('data', r));
  peer.socket.write(encodeBgpMessage({ type: 'keepalive' }));
  // The neighbor announces its table once Established: its first UPDATE shows the state.
  while (!peer.received.some((m) => m.type === 'update')) await new Promise((r) => peer.socket.once('data', r));
  return peer;
}

describe('NOTIFICATIONs for malformed messages (RFC 4271 §6)', () => {
  it('a marker that is not all ones: Message Header Error / Connection Not Synchronized', async () => {
    const bad = header(19, 4);
    bad[3] = 0;
    expect(await notificationFor(await rawPeer(), bad)).toEqual({ code: 1, subcode: 1 });
  });

  it('a length over 4096: Message Header Error / Bad Message Length', async () => {
    expect(await notificationFor(await rawPeer(), header(4097, 2))).toEqual({ code: 1, subcode: 2 });
  });

  it('an unknown message type: Message Header Error / Bad Message Type', async () => {
    expect(await notificationFor(await rawPeer(), raw(9, ''))).toEqual({ code: 1, subcode: 3 });
  });

  it('an OPEN whose optional parameter overruns its field: OPEN Message Error / Unspecific', async () => {
    // Optional parameters length 3: one capabilities parameter declaring 4 bytes.
    expect(await notificationFor(await rawPeer(), raw(1, '04 0064 00b4 c0000201 03 0204 01'))).toEqual({ code: 2, subcode: 0 });
  });

  it('an UPDATE with a /33 prefix: UPDATE Message Error / Invalid Network Field', async () => {
    expect(await notificationFor(await establishedPeer(), raw(2, '0000 0000 21c0000201'))).toEqual({ code: 3, subcode: 10 });
  });

  it('an UPDATE whose withdrawn routes length overruns it: UPDATE Message Error / Malformed Attribute List', async () => {
    expect(await notificationFor(await establishedPeer(), raw(2, '0010 0000'))).toEqual({ code: 3, subcode: 1 });
  });

  it('an UPDATE with a bad ORIGIN is treated as withdraw (RFC 7606 §7.1): no NOTIFICATION, the session stays up', async () => {
    const peer = await establishedPeer();
    peer.socket.write(raw(2, '0000 0004 40010103'));
    // A ROUTE-REFRESH answered with the table again shows the session went on past the bad UPDATE.
    const before = peer.received.length;
    peer.socket.write(encodeBgpMessage({ type: 'route-refresh', afi: 1, subtype: 0, safi: 1 }));
    while (!peer.received.slice(before).some((m) => m.type === 'update')) await new Promise((r) => peer.socket.once('data', r));
    expect(peer.received.some((m) => m.type === 'notification')).toBe(false);
    expect(peer.socket.readyState).toBe('open');
  });
});
