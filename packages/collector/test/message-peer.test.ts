import { describe, expect, it } from 'vitest';
import type { BmpMessage, PerPeerHeader } from '@bmp-lab/codec';
import { messagePeer } from '../src/stream/summarize.js';

const header = (peerType: 0 | 1 | 2, distinguisher: string): PerPeerHeader => ({
  peerType,
  flags: { ipv6: false, postPolicy: true, legacyAsPath: false, adjRibOut: false },
  distinguisher,
  address: '10.5.5.5',
  asn: 65005,
  bgpId: '10.5.5.5',
  timestampSeconds: 0,
  timestampMicroseconds: 0,
});
const stats = (peer: PerPeerHeader): BmpMessage => ({ type: 'statistics-report', peer, stats: [] });

describe('messagePeer: the peer type and RD of a VPN instance peer (RFC 7854 §4.2)', () => {
  it('adds them for a non-zero Peer Distinguisher only', () => {
    expect(messagePeer(stats(header(1, '0000006400000001')))).toEqual({
      peer: '10.5.5.5',
      peerView: 'adj-rib-in post-policy',
      peerType: 1,
      distinguisher: '0000006400000001',
    });
    // A global-instance peer's message keeps its old shape.
    expect(messagePeer(stats(header(0, '0000000000000000')))).toEqual({ peer: '10.5.5.5', peerView: 'adj-rib-in post-policy' });
  });
});
