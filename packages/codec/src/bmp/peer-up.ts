import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { fail, ok, type Result } from '../errors.js';
import { readBgpMessage, writeBgpMessage } from '../bgp/message.js';
import type { OpenMessage } from '../bgp/open.js';
import { readInformationTlvs, writeInformationTlvs, type InformationTlv } from './information-tlv.js';
import { peerIsIpv6, readAddress16, readPerPeerHeader, writeAddress16, writePerPeerHeader, type PerPeerHeader } from './per-peer-header.js';

/**
 * RFC 7854 §4.10 Peer Up Notification: the local end of the BGP session and
 * both OPEN messages, then optional information TLVs.
 */
export interface PeerUpMessage {
  type: 'peer-up';
  peer: PerPeerHeader;
  /** IPv4 or IPv6 as the per-peer header's V flag says. */
  localAddress: string;
  localPort: number;
  remotePort: number;
  /** The OPEN the monitored router sent. */
  sentOpen: OpenMessage;
  /** The OPEN it received from the peer. */
  receivedOpen: OpenMessage;
  tlvs: InformationTlv[];
}

function readOpenPdu(r: ByteReader, field: string, name: string): Result<OpenMessage> {
  const at = r.offset;
  const m = readBgpMessage(r, {}, field, name);
  if (!m.ok) return m;
  if (m.value.type !== 'open') return fail('BMP_UNEXPECTED_BGP_TYPE', at + 18, `${field}.type`, `${field} at offset ${at} is a BGP ${m.value.type}, not an OPEN.`);
  return ok(m.value);
}

export function readPeerUp(r: ByteReader): Result<PeerUpMessage> {
  const peer = readPerPeerHeader(r);
  if (!peer.ok) return peer;
  const t = r.spans;
  const localAddress = readAddress16(r, peerIsIpv6(peer.value), 'peer up.local address');
  if (localAddress === null) return r.failure();
  t?.field('local address', r.offset, localAddress);
  const localPort = r.u16('peer up.local port');
  if (localPort < 0) return r.failure();
  t?.field('local port', r.offset, localPort);
  const remotePort = r.u16('peer up.remote port');
  if (remotePort < 0) return r.failure();
  t?.field('remote port', r.offset, remotePort);
  const sentOpen = readOpenPdu(r, 'peer up.sent OPEN', 'sent OPEN');
  if (!sentOpen.ok) return sentOpen;
  const receivedOpen = readOpenPdu(r, 'peer up.received OPEN', 'received OPEN');
  if (!receivedOpen.ok) return receivedOpen;
  const tlvs = readInformationTlvs(r, 'peer up information TLV');
  if (!tlvs.ok) return tlvs;
  return ok({
    type: 'peer-up',
    peer: peer.value,
    localAddress,
    localPort,
    remotePort,
    sentOpen: sentOpen.value,
    receivedOpen: receivedOpen.value,
    tlvs: tlvs.value,
  });
}

export function writePeerUp(w: ByteWriter, m: PeerUpMessage): void {
  writePerPeerHeader(w, m.peer);
  writeAddress16(w, m.localAddress, peerIsIpv6(m.peer), 'peer up.local address');
  w.u16(m.localPort, 'peer up.local port').u16(m.remotePort, 'peer up.remote port');
  writeBgpMessage(w, m.sentOpen);
  writeBgpMessage(w, m.receivedOpen);
  writeInformationTlvs(w, m.tlvs, 'peer up information TLV');
}
