/**
 * Field-by-field dissection of one BMP message, for a Wireshark-like view
 * (tree beside a hex dump). Pure and JSON-friendly: values are strings,
 * numbers or booleans, so a server can send the tree to a browser that never
 * imports the codec.
 *
 * Guarantees, for any input (valid, truncated or garbage), without throwing:
 * - the root spans the whole input (`offset` 0, `length` = input length);
 * - the children of every node lie inside it and tile it exactly, in order,
 *   with no gap and no overlap, so every byte belongs to exactly one leaf;
 * - bytes that cannot be read as the structure they should hold become a
 *   leaf named `malformed` (its `value` says why), and bytes after a declared
 *   length a leaf named `trailing data`.
 * `error` on the root is what `decodeBmpMessage` reports for the same bytes.
 */
import { toHex } from './bytes/hex.js';
import { formatIpv4, formatIpv6 } from './bytes/ip.js';
import { decodeUtf8 } from './bytes/utf8.js';
import type { DecodeError } from './errors.js';
import { BMP_MESSAGE_TYPE_NAMES } from './bmp/common-header.js';
import { decodeBmpMessage } from './bmp/message.js';
import { PEER_FLAG } from './bmp/per-peer-header.js';
import { STATISTICS_TYPE, statisticsKind } from './bmp/statistics-report.js';
import { PATH_ATTRIBUTE_TYPE as T, ATTRIBUTE_FLAG } from './bgp/path-attributes/types.js';
import { CAPABILITY_CODE } from './bgp/capabilities.js';

export type DissectionValue = string | number | boolean;

export interface DissectionNode {
  /** Field name, e.g. `peer AS`, `ORIGIN`, `prefix`. */
  name: string;
  /** Byte offset in the dissected message. */
  offset: number;
  /** Bytes covered (0 for an empty structure, e.g. no withdrawn routes). */
  length: number;
  /** The decoded value, or a one-line summary for a structure. */
  value?: DissectionValue;
  /** Sub-fields, tiling [offset, offset + length); present (maybe empty) on every structure, absent on fields. */
  children?: DissectionNode[];
}

export interface BmpDissection extends DissectionNode {
  /** Set when `decodeBmpMessage` rejects these bytes. */
  error?: DecodeError;
}

const BGP_TYPE_NAMES: Readonly<Record<number, string>> = { 1: 'OPEN', 2: 'UPDATE', 3: 'NOTIFICATION', 4: 'KEEPALIVE', 5: 'ROUTE-REFRESH' };
const ATTRIBUTE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k]));
const STAT_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(STATISTICS_TYPE).map(([k, v]) => [v, k.toLowerCase().replace(/_/g, ' ')]));
const CAPABILITY_NAMES: Readonly<Record<number, string>> = {
  ...Object.fromEntries(Object.entries(CAPABILITY_CODE).map(([k, v]) => [v, k.toLowerCase().replace(/_/g, ' ')])),
  5: 'extended next hop',
  70: 'enhanced route refresh',
  71: 'long-lived graceful restart',
  73: 'FQDN',
  128: 'route refresh (old)',
};
const PEER_TYPE_NAMES = ['global instance', 'RD instance', 'local instance', 'Loc-RIB instance'];
const PEER_DOWN_REASONS: Readonly<Record<number, string>> = {
  1: 'local system closed, NOTIFICATION follows',
  2: 'local system closed, FSM event follows',
  3: 'remote system closed, NOTIFICATION follows',
  4: 'remote system closed, no data',
  5: 'peer de-configured',
  6: 'local system closed, TLVs follow',
};
const ORIGINS = ['IGP', 'EGP', 'INCOMPLETE'];
const SEGMENT_TYPES: Readonly<Record<number, string>> = { 1: 'AS_SET', 2: 'AS_SEQUENCE', 3: 'AS_CONFED_SEQUENCE', 4: 'AS_CONFED_SET' };
const INFO_TLV_NAMES: Readonly<Record<number, string>> = { 0: 'string', 1: 'sysDescr', 2: 'sysName', 3: 'VRF/table name', 4: 'admin label' };

const named = (names: Readonly<Record<number, string>>, code: number): string => `${names[code] ?? 'unknown'} (${code})`;

interface Frame {
  node: DissectionNode;
  end: number;
  /** Set once a read did not fit: the rest is marked malformed and later reads are no-ops. */
  broken: boolean;
}

/**
 * A cursor that appends nodes to the innermost open structure. Every read is
 * bounds-checked against it; a read that does not fit marks the rest of the
 * structure `malformed` and turns later reads in it into no-ops.
 */
class Cursor {
  pos = 0;
  private readonly stack: Frame[];

  constructor(
    readonly b: Uint8Array,
    root: DissectionNode,
  ) {
    this.stack = [{ node: root, end: b.length, broken: false }];
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1] as Frame;
  }

  /** Bytes left in the innermost structure. */
  get left(): number {
    return this.top.end - this.pos;
  }

  private add(node: DissectionNode): DissectionNode {
    (this.top.node.children ??= []).push(node);
    return node;
  }

  /** Marks the rest of the innermost structure (possibly 0 bytes) malformed, once; returns false. */
  malformed(why: string): false {
    const top = this.top;
    if (!top.broken) this.add({ name: 'malformed', offset: this.pos, length: this.left, value: why });
    top.broken = true;
    this.pos = top.end;
    return false;
  }

  /** Whether `n` more bytes fit; if not, the rest is marked malformed. */
  fits(n: number, what: string): boolean {
    if (this.top.broken) return false;
    if (n <= this.left) return true;
    return this.malformed(`${what} needs ${n} byte${n === 1 ? '' : 's'}, ${this.left} left`);
  }

  uint(name: string, n: 1 | 2 | 4, show?: (v: number) => DissectionValue): number {
    if (!this.fits(n, name)) return -1;
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + (this.b[this.pos + i] as number);
    this.add({ name, offset: this.pos, length: n, value: show ? show(v) : v });
    this.pos += n;
    return v;
  }

  u64(name: string): void {
    if (!this.fits(8, name)) return;
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.b[this.pos + i] as number);
    this.add({ name, offset: this.pos, length: 8, value: v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString() });
    this.pos += 8;
  }

  /** A leaf of `n` bytes (skipped when `n` is 0); `show` renders them (default hex). */
  bytes(name: string, n: number, show: (b: Uint8Array) => DissectionValue = toHex): Uint8Array | null {
    if (!this.fits(n, name)) return null;
    const v = this.b.subarray(this.pos, this.pos + n);
    if (n > 0) this.add({ name, offset: this.pos, length: n, value: show(v) });
    this.pos += n;
    return v;
  }

  /**
   * A structure declared as `n` bytes. If fewer are left it is clamped to
   * them (its value says so) and dissected as far as they go. `body` reads
   * inside it; whatever it leaves is `trailing data`.
   */
  group(name: string, n: number, body: () => void, value?: DissectionValue): void {
    if (this.top.broken) return;
    const len = Math.min(n, this.left);
    const shown = len < n ? `${value === undefined ? '' : `${String(value)} `}(declares ${n} bytes, ${len} present)` : value;
    const node = this.add({ name, offset: this.pos, length: len, ...(shown === undefined ? {} : { value: shown }), children: [] });
    this.stack.push({ node, end: this.pos + len, broken: false });
    body();
    if (this.left > 0 && !this.top.broken) this.add({ name: 'trailing data', offset: this.pos, length: this.left, value: toHex(this.b.subarray(this.pos, this.top.end)) });
    this.pos = this.top.end;
    this.stack.pop();
  }

  /** A structure running to the end of the innermost one. */
  rest(name: string, body: () => void, value?: DissectionValue): void {
    this.group(name, this.left, body, value);
  }
}

const ipv4At = (b: Uint8Array): string => formatIpv4(b);
const address16 = (ipv6: boolean) => (b: Uint8Array): string => (ipv6 ? formatIpv6(b) : formatIpv4(b, 12));

function peerFlags(type: number, f: number): string {
  const names = type === 3
    ? [f & PEER_FLAG.F ? 'F filtered' : '']
    : [f & PEER_FLAG.V ? 'V IPv6' : 'IPv4', f & PEER_FLAG.L ? 'L post-policy' : 'pre-policy', f & PEER_FLAG.A ? 'A 2-octet AS_PATH' : '', f & PEER_FLAG.O ? 'O Adj-RIB-Out' : 'Adj-RIB-In'];
  return `0x${f.toString(16).padStart(2, '0')} (${names.filter(Boolean).join(', ') || 'none'})`;
}

interface PeerInfo {
  ipv6: boolean;
  fourOctetAs: boolean;
}

function perPeerHeader(c: Cursor): PeerInfo {
  const info: PeerInfo = { ipv6: false, fourOctetAs: true };
  c.group('per-peer header', 42, () => {
    const type = c.uint('peer type', 1, (v) => `${PEER_TYPE_NAMES[v] ?? 'unknown'} (${v})`);
    const flags = c.uint('peer flags', 1, (v) => peerFlags(type, v));
    if (flags >= 0 && type !== 3) {
      info.ipv6 = (flags & PEER_FLAG.V) !== 0;
      info.fourOctetAs = (flags & PEER_FLAG.A) === 0;
    }
    c.bytes('peer distinguisher', 8);
    c.bytes('peer address', 16, address16(info.ipv6));
    c.uint('peer AS', 4);
    c.bytes('peer BGP ID', 4, ipv4At);
    c.uint('timestamp (seconds)', 4);
    c.uint('timestamp (microseconds)', 4);
  });
  return info;
}

function prefixes(c: Cursor, ipv6: boolean): void {
  const max = ipv6 ? 128 : 32;
  while (c.left > 0) {
    const len = c.b[c.pos] as number;
    const n = (len + 7) >> 3;
    if (len > max) return void c.malformed(`prefix length ${len} exceeds ${max}`);
    if (1 + n > c.left) return void c.malformed(`prefix /${len} needs ${n} address bytes, ${c.left - 1} left`);
    const full = new Uint8Array(ipv6 ? 16 : 4);
    full.set(c.b.subarray(c.pos + 1, c.pos + 1 + n));
    if (len & 7) full[n - 1] = (full[n - 1] as number) & (0xff << (8 - (len & 7)));
    c.group('prefix', 1 + n, () => {
      c.uint('prefix length', 1);
      c.bytes('prefix bytes', n);
    }, `${ipv6 ? formatIpv6(full) : formatIpv4(full)}/${len}`);
  }
}

function familyIsIpv6(afi: number, safi: number): boolean | null {
  if (safi !== 1 && safi !== 2) return null;
  return afi === 1 ? false : afi === 2 ? true : null;
}

function asPath(c: Cursor, asnSize: 2 | 4): void {
  while (c.left > 0) {
    const type = c.b[c.pos] as number;
    const count = c.left >= 2 ? (c.b[c.pos + 1] as number) : 0;
    c.group('segment', 2 + count * asnSize, () => {
      c.uint('segment type', 1, (v) => named(SEGMENT_TYPES, v));
      c.uint('segment length (ASNs)', 1);
      for (let i = 0; i < count && c.left > 0; i++) c.uint('ASN', asnSize);
    }, `${SEGMENT_TYPES[type] ?? type} of ${count}`);
  }
}

function attributeValue(c: Cursor, code: number, length: number, fourOctetAs: boolean): void {
  const each = (name: string, size: number, show: (b: Uint8Array) => DissectionValue) => {
    if (length % size !== 0) return void c.malformed(`${length} is not a multiple of ${size}`);
    while (c.left > 0) c.bytes(name, size, show);
  };
  switch (code) {
    case T.ORIGIN:
      c.uint('origin', 1, (v) => `${ORIGINS[v] ?? 'invalid'} (${v})`);
      return;
    case T.AS_PATH:
      return asPath(c, fourOctetAs ? 4 : 2);
    case T.AS4_PATH:
      return asPath(c, 4);
    case T.NEXT_HOP:
    case T.ORIGINATOR_ID:
      c.bytes(code === T.NEXT_HOP ? 'next hop' : 'originator ID', 4, ipv4At);
      return;
    case T.MULTI_EXIT_DISC:
    case T.LOCAL_PREF:
      c.uint(code === T.LOCAL_PREF ? 'local preference' : 'MED', 4);
      return;
    case T.ATOMIC_AGGREGATE:
      return;
    case T.AGGREGATOR:
    case T.AS4_AGGREGATOR:
      c.uint('aggregator AS', code === T.AS4_AGGREGATOR || length === 8 ? 4 : 2);
      c.bytes('aggregator address', 4, ipv4At);
      return;
    case T.COMMUNITIES:
      return each('community', 4, (b) => `${(b[0] as number) * 256 + (b[1] as number)}:${(b[2] as number) * 256 + (b[3] as number)}`);
    case T.CLUSTER_LIST:
      return each('cluster ID', 4, ipv4At);
    case T.EXTENDED_COMMUNITIES:
      return each('extended community', 8, toHex);
    case T.LARGE_COMMUNITY:
      return each('large community', 12, (b) => {
        const u = (i: number) => (((b[i] as number) << 24) >>> 0) + (((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number));
        return `${u(0)}:${u(4)}:${u(8)}`;
      });
    case T.MP_REACH_NLRI:
    case T.MP_UNREACH_NLRI: {
      const afi = c.uint('AFI', 2);
      const safi = c.uint('SAFI', 1);
      const v6 = familyIsIpv6(afi, safi);
      if (v6 === null) return void c.bytes('opaque (unsupported AFI/SAFI)', c.left);
      if (code === T.MP_UNREACH_NLRI) return void c.rest('withdrawn routes', () => prefixes(c, v6));
      const nhLen = c.uint('next hop length', 1);
      if (nhLen < 0) return;
      c.group('next hop', nhLen, () => {
        if (nhLen === 4) c.bytes('IPv4 next hop', 4, ipv4At);
        else if (nhLen === 16 || nhLen === 32) {
          c.bytes('IPv6 next hop', 16, formatIpv6);
          if (nhLen === 32) c.bytes('IPv6 link-local next hop', 16, formatIpv6);
        } else c.malformed(`next hop length ${nhLen} is not 4, 16 or 32`);
      });
      c.uint('reserved', 1);
      c.rest('NLRI', () => prefixes(c, v6));
      return;
    }
    default:
      c.bytes('value', c.left);
  }
}

function pathAttributes(c: Cursor, fourOctetAs: boolean): void {
  while (c.left > 0) {
    if (c.left < 3) return void c.malformed('path attribute header needs 3 bytes');
    const flags = c.b[c.pos] as number;
    const code = c.b[c.pos + 1] as number;
    const ext = (flags & ATTRIBUTE_FLAG.EXTENDED_LENGTH) !== 0;
    if (ext && c.left < 4) return void c.malformed('path attribute header needs 4 bytes');
    const length = ext ? (c.b[c.pos + 2] as number) * 256 + (c.b[c.pos + 3] as number) : (c.b[c.pos + 2] as number);
    const name = ATTRIBUTE_NAMES[code] ?? `attribute ${code}`;
    c.group(name, (ext ? 4 : 3) + length, () => {
      c.uint('flags', 1, (v) => `0x${v.toString(16).padStart(2, '0')}`);
      c.uint('type code', 1);
      c.uint('length', ext ? 2 : 1);
      c.group('value', length, () => attributeValue(c, code, length, fourOctetAs));
    });
  }
}

function capabilities(c: Cursor): void {
  while (c.left > 0) {
    const code = c.b[c.pos] as number;
    const len = c.left >= 2 ? (c.b[c.pos + 1] as number) : 0;
    c.group('capability', 2 + len, () => {
      c.uint('capability code', 1, (v) => named(CAPABILITY_NAMES, v));
      c.uint('capability length', 1);
      if (code === CAPABILITY_CODE.MULTIPROTOCOL && len === 4) {
        c.uint('AFI', 2);
        c.uint('reserved', 1);
        c.uint('SAFI', 1);
      } else if (code === CAPABILITY_CODE.FOUR_OCTET_AS && len === 4) {
        c.uint('AS', 4);
      } else if (code === CAPABILITY_CODE.ADD_PATH && len % 4 === 0) {
        while (c.left > 0) {
          c.group('ADD-PATH family', 4, () => {
            c.uint('AFI', 2);
            c.uint('SAFI', 1);
            c.uint('send/receive', 1);
          });
        }
      } else c.bytes('value', c.left);
    }, CAPABILITY_NAMES[code] ?? `capability ${code}`);
  }
}

function bgpMessage(c: Cursor, name: string, fourOctetAs: boolean): void {
  if (c.left < 19) {
    c.rest(name, () => c.malformed('a BGP message needs a 19-byte header'));
    return;
  }
  const length = (c.b[c.pos + 16] as number) * 256 + (c.b[c.pos + 17] as number);
  const type = c.b[c.pos + 18] as number;
  c.group(name, Math.max(length, 19), () => {
    c.group('BGP header', 19, () => {
      c.bytes('marker', 16);
      c.uint('length', 2);
      c.uint('type', 1, (v) => named(BGP_TYPE_NAMES, v));
    });
    switch (type) {
      case 1: {
        c.uint('version', 1);
        c.uint('my AS', 2);
        c.uint('hold time', 2);
        c.bytes('BGP identifier', 4, ipv4At);
        const plen = c.uint('optional parameters length', 1);
        if (plen < 0) return;
        c.group('optional parameters', plen, () => {
          while (c.left > 0) {
            const ptype = c.b[c.pos] as number;
            const len = c.left >= 2 ? (c.b[c.pos + 1] as number) : 0;
            c.group('optional parameter', 2 + len, () => {
              c.uint('parameter type', 1, (v) => (v === 2 ? 'capabilities (2)' : v));
              c.uint('parameter length', 1);
              if (ptype === 2) capabilities(c);
              else c.bytes('value', c.left);
            }, ptype === 2 ? 'capabilities' : `parameter ${ptype}`);
          }
        });
        return;
      }
      case 2: {
        const wl = c.uint('withdrawn routes length', 2);
        if (wl < 0) return;
        c.group('withdrawn routes', wl, () => prefixes(c, false));
        const al = c.uint('total path attribute length', 2);
        if (al < 0) return;
        c.group('path attributes', al, () => pathAttributes(c, fourOctetAs));
        c.rest('NLRI', () => prefixes(c, false));
        return;
      }
      case 3:
        c.uint('error code', 1);
        c.uint('error subcode', 1);
        c.bytes('data', c.left);
        return;
      case 5:
        c.uint('AFI', 2);
        c.uint('reserved', 1);
        c.uint('SAFI', 1);
        return;
      default:
        c.bytes('body', c.left); // KEEPALIVE has none; unknown types stay opaque
    }
  }, BGP_TYPE_NAMES[type] ?? `type ${type}`);
}

/** Information TLVs (Initiation, Peer Up, Peer Down reason 6) and Termination TLVs. */
function tlvs(c: Cursor, what: string, names: Readonly<Record<number, string>>, show: (type: number, v: Uint8Array) => DissectionValue): void {
  while (c.left > 0) {
    if (c.left < 4) return void c.malformed(`${what} TLV header needs 4 bytes`);
    const type = (c.b[c.pos] as number) * 256 + (c.b[c.pos + 1] as number);
    const len = (c.b[c.pos + 2] as number) * 256 + (c.b[c.pos + 3] as number);
    c.group(`${what} TLV`, 4 + len, () => {
      c.uint('type', 2, (v) => named(names, v));
      c.uint('length', 2);
      c.bytes('value', len, (b) => show(type, b));
    }, names[type] ?? `type ${type}`);
  }
}

const infoTlvValue = (type: number, v: Uint8Array): DissectionValue => (type <= 4 ? decodeUtf8(v) : toHex(v));

function body(c: Cursor, type: number): void {
  switch (type) {
    case 0: {
      const peer = perPeerHeader(c);
      bgpMessage(c, 'BGP message', peer.fourOctetAs);
      return;
    }
    case 1: {
      perPeerHeader(c);
      const count = c.uint('stats count', 4);
      for (let i = 0; i < count && c.left > 0; i++) {
        if (c.left < 4) return void c.malformed('statistic TLV header needs 4 bytes');
        const st = (c.b[c.pos] as number) * 256 + (c.b[c.pos + 1] as number);
        const len = (c.b[c.pos + 2] as number) * 256 + (c.b[c.pos + 3] as number);
        const kind = statisticsKind(st);
        c.group('statistic', 4 + len, () => {
          c.uint('stat type', 2, (v) => named(STAT_NAMES, v));
          c.uint('stat length', 2);
          if (kind === 'counter' && len === 4) c.uint('counter', 4);
          else if (kind === 'gauge' && len === 8) c.u64('gauge');
          else if (kind === 'afiSafiGauge' && len === 11) {
            c.uint('AFI', 2);
            c.uint('SAFI', 1);
            c.u64('gauge');
          } else c.bytes('value', len);
        }, STAT_NAMES[st] ?? `type ${st}`);
      }
      return;
    }
    case 2: {
      const peer = perPeerHeader(c);
      const reason = c.uint('reason', 1, (v) => named(PEER_DOWN_REASONS, v));
      if (reason === 1 || reason === 3) bgpMessage(c, 'BGP NOTIFICATION', peer.fourOctetAs);
      else if (reason === 2) c.uint('FSM event code', 2);
      else if (reason === 6) tlvs(c, 'information', INFO_TLV_NAMES, infoTlvValue);
      else c.bytes('data', c.left);
      return;
    }
    case 3: {
      const peer = perPeerHeader(c);
      c.bytes('local address', 16, address16(peer.ipv6));
      c.uint('local port', 2);
      c.uint('remote port', 2);
      bgpMessage(c, 'sent OPEN', peer.fourOctetAs);
      bgpMessage(c, 'received OPEN', peer.fourOctetAs);
      tlvs(c, 'information', INFO_TLV_NAMES, infoTlvValue);
      return;
    }
    case 4:
      tlvs(c, 'information', INFO_TLV_NAMES, infoTlvValue);
      return;
    case 5:
      tlvs(c, 'termination', { 0: 'string', 1: 'reason' }, (t, v) => (t === 0 ? decodeUtf8(v) : t === 1 && v.length === 2 ? (v[0] as number) * 256 + (v[1] as number) : toHex(v)));
      return;
    case 6: {
      const peer = perPeerHeader(c);
      while (c.left > 0) {
        if (c.left < 4) return void c.malformed('route mirroring TLV header needs 4 bytes');
        const t = (c.b[c.pos] as number) * 256 + (c.b[c.pos + 1] as number);
        const len = (c.b[c.pos + 2] as number) * 256 + (c.b[c.pos + 3] as number);
        c.group('route mirroring TLV', 4 + len, () => {
          c.uint('type', 2, (v) => (v === 0 ? 'BGP message (0)' : v === 1 ? 'information (1)' : `unknown (${v})`));
          c.uint('length', 2);
          if (t === 0) c.group('value', len, () => bgpMessage(c, 'BGP message', peer.fourOctetAs));
          else if (t === 1 && len === 2) c.uint('code', 2, (v) => (v === 0 ? 'errored PDU (0)' : v === 1 ? 'messages lost (1)' : v));
          else c.bytes('value', len);
        }, t === 0 ? 'BGP message' : t === 1 ? 'information' : `type ${t}`);
      }
      return;
    }
    default:
      c.bytes('body', c.left);
  }
}

/** Dissects one BMP message (the bytes of exactly one message; more or fewer are shown as such). Never throws. */
export function dissectBmpMessage(bytes: Uint8Array): BmpDissection {
  const type = bytes.length > 5 ? (bytes[5] as number) : -1;
  const typeName = BMP_MESSAGE_TYPE_NAMES[type];
  const root: BmpDissection = { name: 'BMP message', offset: 0, length: bytes.length, value: typeName ?? (type < 0 ? 'truncated' : `type ${type}`) };
  const c = new Cursor(bytes, root);
  const declared = bytes.length >= 5 ? ((bytes[1] as number) * 0x1000000 + (((bytes[2] as number) << 16) | ((bytes[3] as number) << 8) | (bytes[4] as number))) : -1;
  c.group('common header', 6, () => {
    c.uint('version', 1);
    c.uint('message length', 4);
    c.uint('message type', 1, (v) => `${BMP_MESSAGE_TYPE_NAMES[v] ?? 'unknown'} (${v})`);
  });
  if (bytes.length >= 6) {
    if (declared >= 6) {
      c.group(typeName ?? 'body', declared - 6, () => body(c, type));
      if (c.left > 0) c.bytes('trailing data', c.left);
    } else c.malformed(`declared message length ${declared} is below the 6-byte common header`);
  }
  const decoded = decodeBmpMessage(bytes);
  if (!decoded.ok) root.error = decoded.error;
  return root;
}
