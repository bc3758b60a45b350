import { describe, expect, it } from 'vitest';
import { createBgpFramer, decodeBgpMessage, encodeBgpMessage } from '@bmp-lab/codec';
import type { BgpMessage } from '@bmp-lab/codec';
import { BgpSession } from '@bmp-lab/router';
import type { StreamConnection } from '@bmp-lab/router';
import { systemClock } from '@bmp-lab/router/node';

/**
 * A connection that already holds the peer's OPEN (the lab network keeps the
 * bytes of an accepted socket until BGP takes it) hands it over the moment
 * `onData` is set. The session must still speak in RFC 4271 §8 order: its
 * own OPEN first, then the KEEPALIVE that answers the peer's OPEN.
 */
function heldConnection(held: Uint8Array): { connection: StreamConnection; written: BgpMessage[] } {
  const written: BgpMessage[] = [];
  const framer = createBgpFramer();
  const connection: StreamConnection = {
    localAddress: '10.0.0.2',
    localPort: 179,
    remoteAddress: '10.0.0.1',
    remotePort: 50000,
    pendingBytes: 0,
    write(bytes) {
      for (const item of framer.push(bytes))
        if (item.ok) {
          const m = decodeBgpMessage(item.bytes);
          if (m.ok) written.push(m.value);
        }
      return true;
    },
    end() {},
    destroy() {},
    onDrain() {},
    onData(listener) {
      listener(held);
    },
    onClose() {},
  };
  return { connection, written };
}

describe("BGP session order on a connection that held the peer's bytes", () => {
  it('sends its OPEN before the KEEPALIVE that answers the held OPEN', () => {
    const peerOpen: BgpMessage = {
      type: 'open',
      version: 4,
      myAsn: 100,
      holdTime: 180,
      bgpId: '1.1.1.1',
      parameters: [
        {
          type: 'capabilities',
          capabilities: [
            { type: 'multiprotocol', afi: 1, safi: 1 },
            { type: 'fourOctetAs', asn: 100 },
          ],
        },
      ],
    };
    const { connection, written } = heldConnection(encodeBgpMessage(peerOpen));
    const session = new BgpSession({
      clock: systemClock(),
      local: { asn: 100, bgpId: '2.2.2.2', families: [{ afi: 1, safi: 1 }] },
      peer: { address: '10.0.0.1', asn: 100 },
      dial: null,
      events: { stateChanged() {}, established() {}, update() {}, down() {} },
    });
    session.start();
    session.accept(connection);
    expect(written.map((m) => m.type)).toEqual(['open', 'keepalive']);
    session.stop();
  });
});
