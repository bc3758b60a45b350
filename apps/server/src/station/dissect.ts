import { decodeBmpMessage } from '@bmp-lab/codec';
import type { BmpMessage } from '@bmp-lab/codec';
import type { DissectionNodeView } from '@bmp-lab/protocol';

/**
 * The inspector's tree of a received message: the fixed-layout headers field
 * by field (RFC 7854 §4.1 common header, §4.2 per-peer header), and the body
 * as decoded by the codec, placed at its byte range.
 */
export function dissect(bytes: Uint8Array): DissectionNodeView[] {
  const decoded = decodeBmpMessage(bytes);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1);
  const common: DissectionNodeView = {
    name: 'Common header',
    offset: 0,
    length: 6,
    children: [
      { name: 'Version', offset: 0, length: 1, value: String(bytes[0]) },
      { name: 'Message length', offset: 1, length: 4, value: String(length) },
      { name: 'Message type', offset: 5, length: 1, value: `${bytes[5]}${decoded.ok ? ` (${decoded.value.type})` : ''}` },
    ],
  };
  if (!decoded.ok) {
    return [common, { name: `Undecodable: ${decoded.error.message}`, offset: decoded.error.offset, length: Math.max(0, bytes.length - decoded.error.offset), value: decoded.error.code }];
  }
  const m = decoded.value;
  const nodes = [common];
  let bodyAt = 6;
  if (m.type !== 'initiation' && m.type !== 'termination') {
    nodes.push(perPeer(m.peer));
    bodyAt = 48;
  }
  nodes.push({ name: bodyName(m), offset: bodyAt, length: bytes.length - bodyAt, children: fields(m, bodyAt, bytes.length - bodyAt) });
  return nodes;
}

function perPeer(p: Extract<BmpMessage, { peer: unknown }>['peer']): DissectionNodeView {
  const flags = p.peerType === 3 ? (p.flags.filtered ? 'F' : '-') : [p.flags.ipv6 ? 'V' : '', p.flags.postPolicy ? 'L' : '', p.flags.legacyAsPath ? 'A' : '', p.flags.adjRibOut ? 'O' : ''].join('') || '-';
  return {
    name: 'Per-peer header',
    offset: 6,
    length: 42,
    children: [
      { name: 'Peer type', offset: 6, length: 1, value: ['0 (global instance)', '1 (RD instance)', '2 (local instance)', '3 (Loc-RIB instance)'][p.peerType] ?? String(p.peerType) },
      { name: 'Peer flags', offset: 7, length: 1, value: flags },
      { name: 'Peer distinguisher', offset: 8, length: 8, value: p.distinguisher },
      { name: 'Peer address', offset: 16, length: 16, value: p.address },
      { name: 'Peer AS', offset: 32, length: 4, value: String(p.asn) },
      { name: 'Peer BGP ID', offset: 36, length: 4, value: p.bgpId },
      { name: 'Timestamp (seconds)', offset: 40, length: 4, value: String(p.timestampSeconds) },
      { name: 'Timestamp (microseconds)', offset: 44, length: 4, value: String(p.timestampMicroseconds) },
    ],
  };
}

function bodyName(m: BmpMessage): string {
  const names: Record<BmpMessage['type'], string> = {
    initiation: 'Initiation',
    termination: 'Termination',
    'peer-up': 'Peer Up notification',
    'peer-down': 'Peer Down notification',
    'route-monitoring': 'Route Monitoring (BGP UPDATE)',
    'statistics-report': 'Statistics Report',
    'route-mirroring': 'Route Mirroring',
  };
  return names[m.type];
}

/** The decoded body's fields, each spanning the body (their exact offsets are the codec's to give). */
function fields(m: BmpMessage, offset: number, length: number): DissectionNodeView[] {
  const { type: _type, ...rest } = m as BmpMessage & Record<string, unknown>;
  delete (rest as Record<string, unknown>)['peer'];
  return Object.entries(rest).map(([name, value]) => ({ name, offset, length, value: text(value) }));
}

function text(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}
