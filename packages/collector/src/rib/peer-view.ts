import type { PerPeerHeader } from '@bmp-lab/codec';

/**
 * Which RIB of the monitored router a per-peer header speaks for, in words:
 * `adj-rib-in pre-policy` (RFC 7854), `adj-rib-in post-policy` (L flag),
 * `adj-rib-out pre-policy` / `adj-rib-out post-policy` (RFC 8671 O flag), or
 * `loc-rib` (RFC 9069 peer type 3).
 */
export function peerViewName(peer: PerPeerHeader): string {
  if (peer.peerType === 3) return 'loc-rib';
  return `${peer.flags.adjRibOut ? 'adj-rib-out' : 'adj-rib-in'} ${peer.flags.postPolicy ? 'post-policy' : 'pre-policy'}`;
}

/** The peer itself (type, distinguisher, address), whatever view: a Peer Down ends all its views. */
export function peerKey(peer: PerPeerHeader): string {
  return `${peer.peerType}/${peer.distinguisher}/${peer.address}`;
}
