import { AFI, BGP_HEADER_LENGTH, BGP_MESSAGE_TYPE, SAFI } from '../bgp/constants.js';
import { ATTRIBUTE_FLAG, PATH_ATTRIBUTE_TYPE } from '../bgp/path-attributes/types.js';
import { parseIpv6Into } from '../bytes/ip.js';
import { ok, type Result } from '../errors.js';
import { BMP_COMMON_HEADER_LENGTH, BMP_MESSAGE_TYPE } from './common-header.js';
import { decodeBmpMessage } from './message.js';
import { PER_PEER_HEADER_LENGTH } from './per-peer-header.js';

/**
 * Called once per IPv6 prefix: the address as four 32-bit words, most
 * significant first, host bits zeroed, and the length in bits. `words` is
 * reused for the next prefix: copy it to keep it.
 */
export type Ipv6PrefixVisitor = (words: Uint32Array, length: number) => void;

/**
 * Walks the IPv6 unicast prefixes (AFI 2, SAFI 1) of a Route Monitoring
 * message's MP_UNREACH_NLRI and MP_REACH_NLRI attributes (RFC 7854 §4.6,
 * RFC 4760 §3, §4), in attribute order, straight from the bytes, as words:
 * the IPv6 twin of `forEachIpv4UpdatePrefix`.
 *
 * Why: the decoder gives each prefix as RFC 5952 text, and a collector that
 * keys its table by number would parse every one back; this reads the same
 * octets instead. `decodeBmpMessage` stays the one full decoder: when the
 * fields this walk reads do not hold together (an attribute running past its
 * field, a repeated MP attribute, a prefix longer than 128 bits or cut short,
 * a next hop length the decoder refuses), it visits nothing and returns the
 * decoder's own error for the bytes, and if the decoder still reads the
 * message, the prefixes it gives. So the answer is always the decoder's; the
 * walk only skips the text. It checks nothing else (attributes other than
 * the MP ones are not read): call it on a message that decoded, and take
 * everything else from the decoded value.
 *
 * Returns the number of prefixes visited (0 for a message of another type).
 */
export function forEachIpv6UpdatePrefix(bytes: Uint8Array, onWithdrawn: Ipv6PrefixVisitor, onAnnounced: Ipv6PrefixVisitor): Result<number> {
  if (bytes.length < BMP_COMMON_HEADER_LENGTH || bytes[5] !== BMP_MESSAGE_TYPE.ROUTE_MONITORING) return fromDecoder(bytes, onWithdrawn, onAnnounced);
  const fields = mpFields(bytes);
  if (fields === null) return fromDecoder(bytes, onWithdrawn, onAnnounced);
  let n = 0;
  for (let i = 0; i < fields.length; i += 3) n += visitPrefixes(bytes, fields[i] as number, fields[i + 1] as number, fields[i + 2] === 1 ? onAnnounced : onWithdrawn);
  return ok(n);
}

/**
 * The IPv6 unicast prefix fields of a Route Monitoring's UPDATE, every one
 * checked, as [start, end, announced (1) or withdrawn (0)] per field in
 * attribute order; null when anything read is broken. (A new small array
 * each time: emptying a shared one by setting its length is a slow path in V8.)
 */
function mpFields(b: Uint8Array): number[] | null {
  const bgp = BMP_COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH;
  if (b.length < bgp + BGP_HEADER_LENGTH + 4 || b[bgp + 18] !== BGP_MESSAGE_TYPE.UPDATE) return null;
  const bgpEnd = bgp + u16(b, bgp + 16);
  if (bgpEnd > b.length) return null;
  const wAt = bgp + BGP_HEADER_LENGTH;
  const aAt = wAt + 2 + u16(b, wAt);
  if (aAt + 2 > bgpEnd) return null;
  const aEnd = aAt + 2 + u16(b, aAt);
  if (aEnd > bgpEnd) return null;
  const fields: number[] = [];
  let seenReach = false;
  let seenUnreach = false;
  for (let at = aAt + 2; at < aEnd;) {
    if (at + 3 > aEnd) return null;
    const flags = b[at] as number;
    const code = b[at + 1] as number;
    const extended = (flags & ATTRIBUTE_FLAG.EXTENDED_LENGTH) !== 0;
    if (extended && at + 4 > aEnd) return null;
    const value = at + (extended ? 4 : 3);
    const end = value + (extended ? u16(b, at + 2) : (b[at + 2] as number));
    if (end > aEnd) return null;
    at = end;
    const reach = code === PATH_ATTRIBUTE_TYPE.MP_REACH_NLRI;
    if (!reach && code !== PATH_ATTRIBUTE_TYPE.MP_UNREACH_NLRI) continue;
    // RFC 7606 §3 (g): a repeated MP attribute is an error the decoder reports.
    if (reach ? seenReach : seenUnreach) return null;
    if (reach) seenReach = true;
    else seenUnreach = true;
    if (value + 3 > end) return null;
    if (u16(b, value) !== AFI.IPV6 || b[value + 2] !== SAFI.UNICAST) continue;
    let prefixes = value + 3;
    if (reach) {
      // RFC 4760 §3: next hop length, next hop, one reserved octet. The decoder takes 4, 16 or 32 octets (RFC 2545 §3, RFC 8950 §3).
      if (prefixes >= end) return null;
      const nhLen = b[prefixes] as number;
      if (nhLen !== 4 && nhLen !== 16 && nhLen !== 32) return null;
      prefixes += 1 + nhLen + 1;
      if (prefixes > end) return null;
    }
    if (!prefixesFit(b, prefixes, end)) return null;
    fields.push(prefixes, end, reach ? 1 : 0);
  }
  return fields;
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}

function prefixesFit(b: Uint8Array, at: number, end: number): boolean {
  while (at < end) {
    const len = b[at] as number;
    if (len > 128) return false;
    at += 1 + ((len + 7) >> 3);
  }
  return at === end;
}

const WORDS = new Uint32Array(4);

function visitPrefixes(b: Uint8Array, at: number, end: number, visit: Ipv6PrefixVisitor): number {
  const words = WORDS;
  let n = 0;
  while (at < end) {
    const len = b[at++] as number;
    const octets = (len + 7) >> 3;
    for (let w = 0; w < 4; w++) {
      let word = 0;
      for (let i = w * 4; i < w * 4 + 4; i++) word = (word << 8) | (i < octets ? (b[at + i] as number) : 0);
      // RFC 4271 §4.3: bits past the length are irrelevant; zero them as the decoder does.
      const bits = len - w * 32;
      words[w] = bits >= 32 ? word >>> 0 : bits <= 0 ? 0 : (word & (0xffffffff << (32 - bits))) >>> 0;
    }
    visit(words, len);
    at += octets;
    n++;
  }
  return n;
}

const BYTES = new Uint8Array(16);

/** The slow way, for bytes the walk refuses: the decoder's error, or the prefixes it decoded, parsed back from text. */
function fromDecoder(bytes: Uint8Array, onWithdrawn: Ipv6PrefixVisitor, onAnnounced: Ipv6PrefixVisitor): Result<number> {
  const decoded = decodeBmpMessage(bytes);
  if (!decoded.ok) return decoded;
  if (decoded.value.type !== 'route-monitoring') return ok(0);
  let n = 0;
  for (const a of decoded.value.update.pathAttributes) {
    if ((a.type !== 'mpReachNlri' && a.type !== 'mpUnreachNlri') || a.afi !== AFI.IPV6 || a.safi !== SAFI.UNICAST) continue;
    const visit = a.type === 'mpReachNlri' ? onAnnounced : onWithdrawn;
    for (const p of a.type === 'mpReachNlri' ? a.nlri : a.withdrawnRoutes) {
      const slash = p.indexOf('/');
      parseIpv6Into(p.slice(0, slash), BYTES);
      for (let w = 0; w < 4; w++)
        WORDS[w] = (((BYTES[w * 4] as number) << 24) | ((BYTES[w * 4 + 1] as number) << 16) | ((BYTES[w * 4 + 2] as number) << 8) | (BYTES[w * 4 + 3] as number)) >>> 0;
      visit(WORDS, Number(p.slice(slash + 1)));
      n++;
    }
  }
  return ok(n);
}
