import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { fromHex, toHex } from '../bytes/hex.js';
import { formatIpv4, formatIpv6, ipv4ToBytes, ipv6ToBytes } from '../bytes/ip.js';
import { LastText } from '../bytes/last-text.js';
import { codeLabel } from '../bytes/spans.js';
import { fail, ok, type Result } from '../errors.js';

/** RFC 7854 §4.2 and RFC 9069 §4.1 / IANA "BMP Peer Types". */
export const PEER_TYPE = {
  GLOBAL_INSTANCE: 0,
  RD_INSTANCE: 1,
  LOCAL_INSTANCE: 2,
  /** RFC 9069 §4.1. */
  LOC_RIB_INSTANCE: 3,
} as const;

const PEER_TYPE_LABELS = ['global instance', 'RD instance', 'local instance', 'Loc-RIB instance'];

/** RFC 7854 §4.2, RFC 8671 §4 (O) and RFC 9069 §4.2 (F) / IANA "BMP Peer Flags". */
export const PEER_FLAG = {
  /** IPv6 peer address. */
  V: 0x80,
  /** Post-policy Adj-RIB. */
  L: 0x40,
  /** Legacy 2-octet AS_PATH. */
  A: 0x20,
  /** Adj-RIB-Out (RFC 8671). */
  O: 0x10,
  /** Loc-RIB filtered (RFC 9069; peer type 3 only, same bit as V). */
  F: 0x80,
} as const;

/** The flags octet as the tree shows it, e.g. `0x40 (IPv4, L post-policy, Adj-RIB-In)`. */
function flagsLabel(peerType: number, f: number): string {
  const names =
    peerType === PEER_TYPE.LOC_RIB_INSTANCE
      ? [f & PEER_FLAG.F ? 'F filtered' : '']
      : [
          f & PEER_FLAG.V ? 'V IPv6' : 'IPv4',
          f & PEER_FLAG.L ? 'L post-policy' : 'pre-policy',
          f & PEER_FLAG.A ? 'A 2-octet AS_PATH' : '',
          f & PEER_FLAG.O ? 'O Adj-RIB-Out' : 'Adj-RIB-In',
        ];
  return `0x${f.toString(16).padStart(2, '0')} (${names.filter(Boolean).join(', ') || 'none'})`;
}

/** RFC 7854 §4.2: 1+1+8+16+4+4+4+4. */
export const PER_PEER_HEADER_LENGTH = 42;

/** Flags of an Adj-RIB peer (types 0–2). */
export interface AdjRibPeerFlags {
  /** V: the peer address is IPv6. Must match `address`. */
  ipv6: boolean;
  /** L: post-policy (else pre-policy). */
  postPolicy: boolean;
  /** A: AS_PATH uses 2-octet ASNs (else 4-octet). */
  legacyAsPath: boolean;
  /** O: Adj-RIB-Out (else Adj-RIB-In), RFC 8671. */
  adjRibOut: boolean;
}

/** Flags of a Loc-RIB instance (type 3, RFC 9069 §4.2). */
export interface LocRibPeerFlags {
  /** F: the Loc-RIB is filtered. */
  filtered: boolean;
}

interface PerPeerHeaderFields {
  /** Peer Distinguisher, 16 lowercase hex digits (8 octets; all zero for a global instance peer). */
  distinguisher: string;
  /** Peer address; IPv4 for a Loc-RIB instance is `0.0.0.0` (RFC 9069 §4.1). */
  address: string;
  asn: number;
  bgpId: string;
  timestampSeconds: number;
  timestampMicroseconds: number;
}

/** RFC 7854 §4.2 per-peer header, discriminated on `peerType`. Reserved flag bits are not kept. */
export type PerPeerHeader = (PerPeerHeaderFields & { peerType: 0 | 1 | 2; flags: AdjRibPeerFlags }) | (PerPeerHeaderFields & { peerType: 3; flags: LocRibPeerFlags });

export const ZERO_DISTINGUISHER = '0000000000000000';

/** Whether BGP messages for this peer carry 4-octet ASNs in AS_PATH (A flag clear; always for Loc-RIB). */
export function peerUsesFourOctetAs(peer: PerPeerHeader): boolean {
  return peer.peerType === 3 || !peer.flags.legacyAsPath;
}

/** Whether the peer's addresses (peer, Peer Up local address) are IPv6. */
export function peerIsIpv6(peer: PerPeerHeader): boolean {
  return peer.peerType !== 3 && peer.flags.ipv6;
}

/** Reads a 16-octet address field: IPv6, or IPv4 in the last 4 octets (RFC 7854 §4.2). */
export function readAddress16(r: ByteReader, ipv6: boolean, field: string): string | null {
  const b = r.view(16, field);
  if (b === null) return null;
  return ipv6 ? formatIpv6(b) : formatIpv4(b, 12);
}

export function writeAddress16(w: ByteWriter, address: string, ipv6: boolean, field: string): void {
  if (ipv6) {
    w.bytes(ipv6ToBytes(address, `${field} (V flag set: IPv6)`));
  } else {
    w.reserve(12);
    w.bytes(ipv4ToBytes(address, `${field} (V flag clear: IPv4)`));
  }
}

/** The per-peer header's texts, each made once while the next header repeats its bytes (a table dump's peer). */
const distinguisherText = new LastText(8, toHex);
const ipv6AddressText = new LastText(16, (b) => formatIpv6(b));
const ipv4AddressText = new LastText(16, (b) => formatIpv4(b, 12));
const bgpIdText = new LastText(4, (b) => formatIpv4(b));

export function readPerPeerHeader(r: ByteReader): Result<PerPeerHeader> {
  const t = r.spans;
  const at = r.offset;
  t?.open('per-peer header', at + PER_PEER_HEADER_LENGTH);
  const peerType = r.u8('per-peer header.peer type');
  if (peerType < 0) return r.failure();
  t?.field('peer type', r.offset, codeLabel(PEER_TYPE_LABELS[peerType], peerType));
  if (peerType > 3) return fail('BMP_BAD_PEER_TYPE', at, 'per-peer header.peer type', `Peer type ${peerType} at offset ${at} is not 0, 1, 2 (RFC 7854) or 3 (RFC 9069).`);
  const f = r.u8('per-peer header.peer flags');
  if (f < 0) return r.failure();
  t?.field('peer flags', r.offset, flagsLabel(peerType, f));
  const rd = r.view(8, 'per-peer header.peer distinguisher');
  if (rd === null) return r.failure();
  const distinguisher = distinguisherText.of(rd);
  t?.field('peer distinguisher', r.offset, distinguisher);
  const v6 = peerType !== 3 && (f & PEER_FLAG.V) !== 0;
  const addressBytes = r.view(16, 'per-peer header.peer address');
  if (addressBytes === null) return r.failure();
  const address = (v6 ? ipv6AddressText : ipv4AddressText).of(addressBytes);
  t?.field('peer address', r.offset, address);
  const asn = r.u32('per-peer header.peer AS');
  if (asn < 0) return r.failure();
  t?.field('peer AS', r.offset, asn);
  const id = r.view(4, 'per-peer header.peer BGP ID');
  if (id === null) return r.failure();
  const bgpId = bgpIdText.of(id);
  t?.field('peer BGP ID', r.offset, bgpId);
  const timestampSeconds = r.u32('per-peer header.timestamp (seconds)');
  if (timestampSeconds < 0) return r.failure();
  t?.field('timestamp (seconds)', r.offset, timestampSeconds);
  const timestampMicroseconds = r.u32('per-peer header.timestamp (microseconds)');
  if (timestampMicroseconds < 0) return r.failure();
  if (t !== null) {
    t.field('timestamp (microseconds)', r.offset, timestampMicroseconds);
    t.close();
  }
  const fields = { distinguisher, address, asn, bgpId, timestampSeconds, timestampMicroseconds };
  if (peerType === 3) return ok({ peerType, flags: { filtered: (f & PEER_FLAG.F) !== 0 }, ...fields });
  const flags: AdjRibPeerFlags = {
    ipv6: v6,
    postPolicy: (f & PEER_FLAG.L) !== 0,
    legacyAsPath: (f & PEER_FLAG.A) !== 0,
    adjRibOut: (f & PEER_FLAG.O) !== 0,
  };
  return ok({ peerType: peerType as 0 | 1 | 2, flags, ...fields });
}

export function writePerPeerHeader(w: ByteWriter, p: PerPeerHeader): void {
  w.u8(p.peerType, 'per-peer header.peer type');
  let f: number;
  if (p.peerType === 3) f = p.flags.filtered ? PEER_FLAG.F : 0;
  else {
    const fl = p.flags;
    f = (fl.ipv6 ? PEER_FLAG.V : 0) | (fl.postPolicy ? PEER_FLAG.L : 0) | (fl.legacyAsPath ? PEER_FLAG.A : 0) | (fl.adjRibOut ? PEER_FLAG.O : 0);
  }
  w.u8(f, 'per-peer header.peer flags');
  if (!/^[0-9a-fA-F]{16}$/.test(p.distinguisher)) throw new RangeError(`per-peer header.distinguisher: '${p.distinguisher}' is not 16 hex digits`);
  w.bytes(fromHex(p.distinguisher));
  writeAddress16(w, p.address, peerIsIpv6(p), 'per-peer header.peer address');
  w.u32(p.asn, 'per-peer header.peer AS');
  w.bytes(ipv4ToBytes(p.bgpId, 'per-peer header.peer BGP ID'));
  w.u32(p.timestampSeconds, 'per-peer header.timestamp (seconds)');
  w.u32(p.timestampMicroseconds, 'per-peer header.timestamp (microseconds)');
}
