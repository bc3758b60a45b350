import { BGP_HEADER_LENGTH, BGP_MESSAGE_TYPE } from '../bgp/constants.js';
import { ipv4Netmask } from '../bytes/ip.js';
import { ByteReader } from '../bytes/reader.js';
import { BMP_COMMON_HEADER_LENGTH, BMP_MESSAGE_TYPE } from './common-header.js';
import { PER_PEER_HEADER_LENGTH, readPerPeerHeader, type PerPeerHeader } from './per-peer-header.js';

/** Called once per IPv4 prefix: the address as an unsigned 32-bit number (host bits zeroed) and the length in bits. */
export type Ipv4PrefixVisitor = (address: number, length: number) => void;

/**
 * Walks the IPv4 unicast prefixes of a Route Monitoring message's UPDATE
 * (RFC 7854 §4.6; RFC 4271 §4.3 Withdrawn Routes and NLRI) straight from its
 * bytes, as numbers, without building strings or objects.
 *
 * Why: a collector that stores a million routes spends more time creating
 * and hashing `a.b.c.d/len` strings than decoding; this lets a store key its
 * table by number. It reads the same fields as `decodeBmpMessage` (which
 * stays the one full decoder): call it on a message that decoded, and take
 * everything else (attributes, MP_REACH_NLRI families) from the decoded value.
 *
 * Returns false, having visited nothing, when `bytes` is not a Route
 * Monitoring message whose lengths hold together (a prefix longer than 32
 * bits or running past its field included).
 */
export function forEachIpv4UpdatePrefix(bytes: Uint8Array, onWithdrawn: Ipv4PrefixVisitor, onAnnounced: Ipv4PrefixVisitor): boolean {
  if (bytes.length < BMP_COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH + BGP_HEADER_LENGTH + 4) return false;
  if (bytes[5] !== BMP_MESSAGE_TYPE.ROUTE_MONITORING) return false;
  const bgp = BMP_COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH;
  if (bytes[bgp + 18] !== BGP_MESSAGE_TYPE.UPDATE) return false;
  const bgpEnd = bgp + (((bytes[bgp + 16] as number) << 8) | (bytes[bgp + 17] as number));
  if (bgpEnd > bytes.length) return false;
  const wAt = bgp + BGP_HEADER_LENGTH;
  const wEnd = wAt + 2 + (((bytes[wAt] as number) << 8) | (bytes[wAt + 1] as number));
  if (wEnd + 2 > bgpEnd) return false;
  const nlriAt = wEnd + 2 + (((bytes[wEnd] as number) << 8) | (bytes[wEnd + 1] as number));
  if (nlriAt > bgpEnd) return false;
  // Check both fields first so a broken message visits nothing.
  if (!prefixesFit(bytes, wAt + 2, wEnd) || !prefixesFit(bytes, nlriAt, bgpEnd)) return false;
  visitPrefixes(bytes, wAt + 2, wEnd, onWithdrawn);
  visitPrefixes(bytes, nlriAt, bgpEnd, onAnnounced);
  return true;
}

function prefixesFit(b: Uint8Array, at: number, end: number): boolean {
  while (at < end) {
    const len = b[at] as number;
    if (len > 32) return false;
    at += 1 + ((len + 7) >> 3);
  }
  return at === end;
}

function visitPrefixes(b: Uint8Array, at: number, end: number, visit: Ipv4PrefixVisitor): void {
  while (at < end) {
    const len = b[at++] as number;
    const n = (len + 7) >> 3;
    let address = 0;
    for (let i = 0; i < 4; i++) address = (address << 8) | (i < n ? (b[at + i] as number) : 0);
    // RFC 4271 §4.3: bits past the length are irrelevant; zero them as the decoder does.
    visit((address & ipv4Netmask(len)) >>> 0, len);
    at += n;
  }
}

/**
 * The per-peer header of a Route Monitoring message, read on its own: for a
 * message whose UPDATE did not decode but whose peer a collector still has
 * to act on (RFC 7606 "treat-as-withdraw": the UPDATE's prefixes are
 * withdrawn from that peer's table). Null when the bytes do not start with a
 * Route Monitoring common header and a valid per-peer header.
 */
export function routeMonitoringPeer(bytes: Uint8Array): PerPeerHeader | null {
  if (bytes.length < BMP_COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH || bytes[5] !== BMP_MESSAGE_TYPE.ROUTE_MONITORING) return null;
  const peer = readPerPeerHeader(new ByteReader(bytes, BMP_COMMON_HEADER_LENGTH, BMP_COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH, 'BMP_TRUNCATED'));
  return peer.ok ? peer.value : null;
}
