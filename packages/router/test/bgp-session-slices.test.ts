import { describe, expect, it } from 'vitest';
import { encodeBgpMessage } from '@bmp-lab/codec';
import type { BgpMessage, UpdateMessage } from '@bmp-lab/codec';
import { BgpSession, TURN_BUDGET_MS } from '@bmp-lab/router';
import type { StreamConnection } from '@bmp-lab/router';
import { basicIpv4Attributes } from '@bmp-lab/test-support';
import { TurnClock } from './harness.js';

/**
 * A session handles what one read brought in slices of TURN_BUDGET_MS of
 * real time: the rest waits for a later turn with the connection paused, in
 * order, and goes with the connection if it closes. The clock's real time
 * moves only as each UPDATE is handled (3 ms each here), and its turns run
 * when the test says.
 */
const UPDATE_MS = 3;

function fakeConnection() {
  const log: string[] = [];
  let deliver: (bytes: Uint8Array) => void = () => {};
  let close: (error: string | null) => void = () => {};
  const connection: StreamConnection = {
    localAddress: '10.0.0.1',
    localPort: 179,
    remoteAddress: '10.2.2.2',
    remotePort: 50000,
    pendingBytes: 0,
    write: () => true,
    end() {},
    destroy() {},
    onDrain() {},
    onData(listener) {
      deliver = listener;
    },
    onClose(listener) {
      close = listener;
    },
    pause: () => void log.push('pause'),
    resume: () => void log.push('resume'),
  };
  return { connection, log, deliver: (...ms: BgpMessage[]) => deliver(Buffer.concat(ms.map((m) => encodeBgpMessage(m)))), close: () => close(null) };
}

const open: BgpMessage = {
  type: 'open',
  version: 4,
  myAsn: 200,
  holdTime: 180,
  bgpId: '2.2.2.2',
  parameters: [{ type: 'capabilities', capabilities: [{ type: 'multiprotocol', afi: 1, safi: 1 }] }],
};
const update = (i: number): BgpMessage => ({
  type: 'update',
  withdrawnRoutes: [],
  pathAttributes: basicIpv4Attributes('10.2.2.2', [200]),
  nlri: [`198.18.${i}.0/24`],
});

function establishedSession() {
  const clock = new TurnClock();
  const { connection, log, deliver, close } = fakeConnection();
  const handled: string[] = [];
  const session = new BgpSession({
    clock,
    local: { asn: 100, bgpId: '1.1.1.1', families: [{ afi: 1, safi: 1 }] },
    peer: { address: '10.2.2.2', asn: 200 },
    dial: null,
    events: {
      stateChanged() {},
      established() {},
      update(m: UpdateMessage) {
        clock.real += UPDATE_MS;
        handled.push(String(m.nlri[0]));
      },
      down() {},
    },
  });
  session.start();
  session.accept(connection);
  deliver(open, { type: 'keepalive' });
  expect(session.state).toBe('Established');
  return { session, clock, log, deliver, close, handled };
}

describe('a BGP session handles a long read in slices', () => {
  it('stops after its slice with the socket paused, goes on in later turns in order, then reads again', () => {
    const { session, clock, log, deliver, handled } = establishedSession();
    deliver(...Array.from({ length: 10 }, (_, i) => update(i)));
    // 8 ms of real time at 3 ms an UPDATE: three, then the rest waits for another turn.
    const perSlice = Math.ceil(TURN_BUDGET_MS / UPDATE_MS);
    expect(handled).toHaveLength(perSlice);
    expect(log).toEqual(['pause']);
    // More arrives meanwhile (a connection that cannot pause): it waits behind the rest.
    deliver(update(10));
    expect(handled).toHaveLength(perSlice);
    let turns = 0;
    while (clock.runTurns() > 0) turns++;
    expect(handled).toEqual(Array.from({ length: 11 }, (_, i) => `198.18.${i}.0/24`));
    expect(turns).toBe(Math.ceil(11 / perSlice) - 1);
    // Paused while some is left, read again once all is handled.
    expect(log).toEqual(['pause', 'resume']);
    session.stop();
  });

  it('handles a short read at once, without pausing', () => {
    const { session, log, deliver, handled } = establishedSession();
    deliver(update(1), update(2));
    expect(handled).toEqual(['198.18.1.0/24', '198.18.2.0/24']);
    expect(log).toEqual([]);
    session.stop();
  });

  it('drops what it had not handled when the connection goes', () => {
    const { session, clock, deliver, close, handled } = establishedSession();
    deliver(...Array.from({ length: 10 }, (_, i) => update(i)));
    const before = handled.length;
    expect(before).toBeLessThan(10);
    close();
    expect(session.state).not.toBe('Established');
    clock.runTurns();
    expect(handled).toHaveLength(before);
    session.stop();
  });
});
