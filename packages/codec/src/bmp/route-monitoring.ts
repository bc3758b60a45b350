import type { ByteWriter } from '../bytes/writer.js';
import { fail, ok, type Result } from '../errors.js';
import { ByteReader } from '../bytes/reader.js';
import { BMP_COMMON_HEADER_LENGTH, BMP_MESSAGE_TYPE } from './common-header.js';
import { readBgpMessage, writeBgpMessage } from '../bgp/message.js';
import { BGP_HEADER_LENGTH, BGP_MESSAGE_TYPE } from '../bgp/constants.js';
import { readPrefixes } from '../bgp/nlri.js';
import { PrefixRun, type PrefixList } from '../bgp/prefix-run.js';
import type { UpdateMessage } from '../bgp/update.js';
import { PER_PEER_HEADER_LENGTH, peerUsesFourOctetAs, readPerPeerHeader, writePerPeerHeader, type PerPeerHeader } from './per-peer-header.js';

/**
 * RFC 7854 §4.6 Route Monitoring: a per-peer header and one BGP UPDATE. Its
 * AS_PATH uses 2-octet ASNs when the per-peer A flag is set. `P`: how the
 * UPDATE's prefixes are given (UpdateMessage).
 */
export interface RouteMonitoringMessage<P extends PrefixList = string[]> {
  type: 'route-monitoring';
  peer: PerPeerHeader;
  update: UpdateMessage<P>;
}

export function readRouteMonitoring(r: ByteReader): Result<RouteMonitoringMessage<PrefixList>> {
  const peer = readPerPeerHeader(r);
  if (!peer.ok) return peer;
  const at = r.offset;
  const m = readBgpMessage(r, { fourOctetAs: peerUsesFourOctetAs(peer.value) }, 'route monitoring.UPDATE');
  if (!m.ok) return m;
  if (m.value.type !== 'update')
    return fail('BMP_UNEXPECTED_BGP_TYPE', at + 18, 'route monitoring.UPDATE.type', `Route Monitoring at offset ${at} carries a BGP ${m.value.type}, not an UPDATE.`);
  return ok({ type: 'route-monitoring', peer: peer.value, update: m.value });
}

export function writeRouteMonitoring(w: ByteWriter, m: RouteMonitoringMessage): void {
  writePerPeerHeader(w, m.peer);
  writeBgpMessage(w, m.update, { fourOctetAs: peerUsesFourOctetAs(m.peer) });
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

/**
 * The IPv4 Withdrawn Routes and NLRI fields of a Route Monitoring's UPDATE
 * (RFC 4271 §4.3) as runs, read past path attributes that may not decode:
 * for a message RFC 7606 says to "treat as withdraw", whose prefixes a
 * collector withdraws from the peer's table although the message as a whole
 * did not decode. Both fields are checked as the decoder checks them; null
 * when they do not hold together or the bytes are not such a message.
 */
export function routeMonitoringIpv4Prefixes(bytes: Uint8Array): { withdrawnRoutes: PrefixRun; nlri: PrefixRun } | null {
  const bgp = BMP_COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH;
  if (bytes.length < bgp + BGP_HEADER_LENGTH + 4 || bytes[5] !== BMP_MESSAGE_TYPE.ROUTE_MONITORING || bytes[bgp + 18] !== BGP_MESSAGE_TYPE.UPDATE) return null;
  const end = bgp + (((bytes[bgp + 16] as number) << 8) | (bytes[bgp + 17] as number));
  if (end > bytes.length) return null;
  const r = new ByteReader(bytes, bgp + BGP_HEADER_LENGTH, end, 'BGP_TRUNCATED', undefined, null, true);
  const withdrawnLength = r.u16('UPDATE.withdrawn routes length');
  const withdrawn = withdrawnLength < 0 ? null : r.sub(withdrawnLength, 'UPDATE.withdrawn routes');
  const withdrawnRoutes = withdrawn && readPrefixes(withdrawn, 'ipv4', 'UPDATE.withdrawn routes', 'session-reset');
  if (!(withdrawnRoutes instanceof PrefixRun)) return null;
  const attributesLength = r.u16('UPDATE.total path attribute length');
  if (attributesLength < 0 || !r.skip(attributesLength, 'UPDATE.path attributes')) return null;
  const nlri = readPrefixes(r, 'ipv4', 'UPDATE.nlri', 'session-reset');
  return nlri instanceof PrefixRun ? { withdrawnRoutes, nlri } : null;
}
