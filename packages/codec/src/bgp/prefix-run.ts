import { formatIpv4Prefix, formatIpv6Prefix, ipv4Netmask } from '../bytes/ip.js';
import type { IpFamily } from './nlri.js';

/** Called once per IPv4 prefix: the address as an unsigned 32-bit number (host bits zeroed) and the length in bits. */
export type Ipv4PrefixVisitor = (address: number, length: number) => void;

/**
 * Called once per IPv6 prefix: the address as four 32-bit words, most
 * significant first, host bits zeroed, and the length in bits. `words` is
 * reused for the next prefix: copy it to keep it.
 */
export type Ipv6PrefixVisitor = (words: Uint32Array, length: number) => void;

/**
 * The prefixes of one NLRI field (RFC 4271 §4.3 Withdrawn Routes or NLRI,
 * RFC 4760 §3–4 in MP_REACH_NLRI / MP_UNREACH_NLRI), checked by the decoder
 * and left in the message's bytes: what `decodeBmpMessage(bytes, { prefixRuns:
 * true })` gives for unicast and multicast prefixes.
 *
 * Why: a collector keys its tables by number, and making text of every
 * prefix of a million-route table dump took a quarter of its ingest (and
 * most of its garbage). A run is walked as numbers (`forEachIpv4`,
 * `forEachIpv6`) or made text on demand (`texts`, iteration), the same text
 * the decoder gives otherwise. Its bytes were checked when it was decoded
 * (every length within 32 or 128 bits, the last prefix ending with the field),
 * so walking it cannot fail. It holds the message's bytes: keep its text, not
 * the run, to let them go.
 */
export class PrefixRun implements Iterable<string> {
  constructor(
    readonly family: IpFamily,
    private readonly bytes: Uint8Array,
    /** Index of the first prefix's length octet in `bytes`. */
    private readonly start: number,
    /** Index just past the field. */
    private readonly end: number,
    /** How many prefixes the field holds. */
    readonly length: number,
  ) {}

  /** The first `limit` prefixes as text (`198.51.100.0/24`, `2001:db8::/32`). */
  texts(limit = this.length): string[] {
    const out: string[] = [];
    if (limit <= 0) return out;
    const b = this.bytes;
    const v4 = this.family === 'ipv4';
    for (let at = this.start; at < this.end && out.length < limit;) {
      const len = b[at++] as number;
      const n = (len + 7) >> 3;
      out.push(v4 ? formatIpv4Prefix(ipv4At(b, at, n, len), len) : formatIpv6Prefix(ipv6BytesAt(b, at, n, len), 0, len));
      at += n;
    }
    return out;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.texts()[Symbol.iterator]();
  }

  /** Every prefix of an IPv4 run as a number; nothing for an IPv6 run. */
  forEachIpv4(visit: Ipv4PrefixVisitor): void {
    if (this.family !== 'ipv4') return;
    const b = this.bytes;
    for (let at = this.start; at < this.end;) {
      const len = b[at++] as number;
      const n = (len + 7) >> 3;
      visit(ipv4At(b, at, n, len), len);
      at += n;
    }
  }

  /** Every prefix of an IPv6 run as four words; nothing for an IPv4 run. */
  forEachIpv6(visit: Ipv6PrefixVisitor): void {
    if (this.family !== 'ipv6') return;
    const b = this.bytes;
    const words = WORDS;
    for (let at = this.start; at < this.end;) {
      const len = b[at++] as number;
      const octets = (len + 7) >> 3;
      // The octets sent, a word at a time (a /64 is two whole words); the words past them are zero.
      let w = 0;
      let k = 0;
      for (; k + 4 <= octets; k += 4)
        words[w++] = (((b[at + k] as number) << 24) | ((b[at + k + 1] as number) << 16) | ((b[at + k + 2] as number) << 8) | (b[at + k + 3] as number)) >>> 0;
      if (k < octets) {
        let word = 0;
        for (let shift = 24; k < octets; k++, shift -= 8) word |= (b[at + k] as number) << shift;
        words[w++] = word >>> 0;
      }
      while (w < 4) words[w++] = 0;
      // RFC 4271 §4.3: bits past the length are irrelevant; zeroed, as in the text.
      if (len & 31) {
        const last = len >> 5;
        words[last] = ((words[last] as number) & (0xffffffff << (32 - (len & 31)))) >>> 0;
      }
      visit(words, len);
      at += octets;
    }
  }
}

/** A field's prefixes as text, whichever way the decoder gave them. */
export function prefixTexts(prefixes: PrefixList, limit = prefixes.length): string[] {
  return prefixes instanceof PrefixRun ? prefixes.texts(limit) : prefixes.slice(0, limit);
}

/**
 * The prefixes of an NLRI field as the decoder gives them: text, or (asked
 * for with `prefixRuns`) a run over the message's bytes for unicast and
 * multicast families. Both have `length` and iterate as text.
 */
export type PrefixList = string[] | PrefixRun;

const WORDS = new Uint32Array(4);
const IPV6 = new Uint8Array(16);

/** The IPv4 address of a prefix of `len` bits whose `n` octets start at `at`, host bits zeroed. */
function ipv4At(b: Uint8Array, at: number, n: number, len: number): number {
  if (n === 0) return 0;
  let address = (b[at] as number) << 24;
  if (n > 1) address |= (b[at + 1] as number) << 16;
  if (n > 2) address |= (b[at + 2] as number) << 8;
  if (n > 3) address |= b[at + 3] as number;
  return (address & ipv4Netmask(len)) >>> 0;
}

/** The 16 address bytes of an IPv6 prefix (shared scratch), host bits zeroed. */
function ipv6BytesAt(b: Uint8Array, at: number, n: number, len: number): Uint8Array {
  IPV6.fill(0);
  for (let i = 0; i < n; i++) IPV6[i] = b[at + i] as number;
  if (len & 7) IPV6[n - 1] = (IPV6[n - 1] as number) & (0xff << (8 - (len & 7)));
  return IPV6;
}
