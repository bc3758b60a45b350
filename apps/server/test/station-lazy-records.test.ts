import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmpMessage } from '@bmp-lab/codec';
import { LIVE_MESSAGE_BURST, LIVE_MESSAGES_PER_SECOND, recordFromBytes } from '@bmp-lab/collector';
import type { StationMessageView } from '@bmp-lab/protocol';
import { basicIpv4Attributes, peerHeader } from '@bmp-lab/test-support';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { dialStation, eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * The station's message records are made when someone reads them, and a
 * watched table dump is sent as a burst of live messages and a catch-up
 * with the newest: a router
 * streaming routes to a lab nobody watches costs no record on the event loop,
 * while the stored log (made by the writer thread), the message listing and a
 * viewer's live `station.message` frames all carry exactly the record of each
 * message's bytes. Real server, a data directory (so the writer thread
 * stores the log), a router connection over loopback.
 */
let server: RunningServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bmplab-lazy-'));
  server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_SSH_LISTEN: 'off', BMPLAB_DATA_DIR: dataDir }));
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const routeMonitoring = (i: number) =>
  encodeBmpMessage({
    type: 'route-monitoring',
    peer: peerHeader('10.2.2.2', 200),
    update: {
      type: 'update',
      withdrawnRoutes: [],
      pathAttributes: basicIpv4Attributes('10.2.2.2', [200, 64500 + (i % 5)]),
      nlri: [`198.18.${i % 256}.0/24`, `198.19.${i % 256}.0/24`],
    },
  });

describe('station message records', () => {
  it('are not made for a lab nobody watches, and every reader gets the record of the bytes', async () => {
    const socket = await dialStation(server.lab);
    const sent = [encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'edge' }] }), ...Array.from({ length: 300 }, (_, i) => routeMonitoring(i))];
    socket.write(Buffer.concat(sent));
    const log = server.lab.station.log;
    await eventually(() => server.lab.station.routers().some((c) => c.sysName === 'edge' && c.received['route-monitoring'] === 300));
    const unwatched = log.entries().filter((m) => m.origin.router === log.entries().at(-1)!.origin.router);
    expect(unwatched).toHaveLength(301);
    expect(unwatched.filter((m) => m.recordMade)).toEqual([]);

    // What the listing answers (stored by the writer thread) is each message's record, made from its bytes.
    const listed = (await (await fetch(`${server.url}/api/labs/${server.lab.id}/station/messages?limit=1000`)).json()) as StationMessageView[];
    const mine = listed.filter((m) => m.router === unwatched[0]!.origin.router);
    expect(mine.map((m) => m.seq)).toEqual(unwatched.map((m) => m.seq));
    unwatched.forEach((m, i) => expect(mine[i]).toEqual(recordFromBytes(m.origin, m.seq, sent[i]!)));

    // Watched: each new message reaches the viewer with its record, the same as the log's: as a frame of its own
    // while the live budget lasts, else in the catch-up.
    const viewer = await wsClient(server.url);
    await viewer.hello();
    const mark = viewer.received.length;
    socket.write(Buffer.concat(Array.from({ length: 20 }, (_, i) => routeMonitoring(1000 + i))));
    await eventually(() => log.entries().length >= unwatched.length + 20 && log.entries().at(-1)!.origin.router === unwatched[0]!.origin.router);
    const watched = log.entries().slice(-20);
    const seen = () => {
      const got = new Map<number, StationMessageView>();
      for (const m of viewer.received.slice(mark)) {
        if (m.type === 'station.message') got.set(m.message.seq, m.message);
        if (m.type === 'station.messages') for (const s of m.messages) got.set(s.seq, s);
      }
      return got;
    };
    const got = await eventually(() => watched.every((m) => seen().has(m.seq)) && seen());
    for (const m of watched) expect(got.get(m.seq)).toEqual(recordFromBytes(m.origin, m.seq, m.bytes));
    expect(got.get(watched[19]!.seq)).toMatchObject({ type: 'route-monitoring', prefixes: ['198.18.251.0/24', '198.19.251.0/24'], asPath: [200, 64504] });
    viewer.ws.close();
    socket.destroy();
  });
});

describe('a watched table dump', () => {
  it('sends the viewer its first messages one by one and then the newest in a catch-up, not a frame per message', async () => {
    const viewer = await wsClient(server.url);
    await viewer.hello();
    const mark = viewer.received.length;
    const socket = await dialStation(server.lab);
    const t0 = Date.now();
    socket.write(
      Buffer.concat([encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'dump' }] }), ...Array.from({ length: 2000 }, (_, i) => routeMonitoring(i))]),
    );
    const log = server.lab.station.log;
    await eventually(() => server.lab.station.routers().some((c) => c.sysName === 'dump' && c.received['route-monitoring'] === 2000));
    const newest = log.entries().at(-1)!;
    // The catch-up ends with the newest message, record and all, and holds the newest ones in order.
    const catchUp = await eventually(() => {
      const s = viewer.received
        .slice(mark)
        .filter((m) => m.type === 'station.messages')
        .at(-1);
      return s?.type === 'station.messages' && s.messages.at(-1)?.seq === newest.seq && s;
    });
    expect(catchUp.messages.at(-1)).toEqual(recordFromBytes(newest.origin, newest.seq, newest.bytes));
    expect(catchUp.messages.length).toBeGreaterThan(100);
    expect(catchUp.messages.map((m) => m.seq)).toEqual(Array.from({ length: catchUp.messages.length }, (_, i) => newest.seq - catchUp.messages.length + 1 + i));
    // And after it the connection's card, with every message counted (the viewer counted only those it was sent).
    const card = await eventually(() => viewer.received.slice(viewer.received.indexOf(catchUp) + 1).find((m) => m.type === 'station.router' && m.router.sysName === 'dump'));
    expect(card.type === 'station.router' && card.router.received['route-monitoring']).toBe(2000);
    // One by one: a burst and the rate after it, far from 2,001 frames.
    const live = viewer.received.slice(mark).filter((m) => m.type === 'station.message' && m.message.router === newest.origin.router).length;
    expect(live).toBeGreaterThan(0);
    expect(live).toBeLessThanOrEqual(LIVE_MESSAGE_BURST + Math.ceil(((Date.now() - t0) / 1000) * LIVE_MESSAGES_PER_SECOND));
    viewer.ws.close();
    socket.destroy();
  });
});
