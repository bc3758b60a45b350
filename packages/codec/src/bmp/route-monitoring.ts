import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { fail, ok, type Result } from '../errors.js';
import { readBgpMessage, writeBgpMessage } from '../bgp/message.js';
import type { UpdateMessage } from '../bgp/update.js';
import { peerUsesFourOctetAs, readPerPeerHeader, writePerPeerHeader, type PerPeerHeader } from './per-peer-header.js';

/**
 * RFC 7854 §4.6 Route Monitoring: a per-peer header and one BGP UPDATE. Its
 * AS_PATH uses 2-octet ASNs when the per-peer A flag is set.
 */
export interface RouteMonitoringMessage {
  type: 'route-monitoring';
  peer: PerPeerHeader;
  update: UpdateMessage;
}

export function readRouteMonitoring(r: ByteReader): Result<RouteMonitoringMessage> {
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
