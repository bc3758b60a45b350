import { z } from 'zod';
import { CONTROL_CHARS } from '@bmp-lab/router';
import { formatIpv6, ipv4Netmask, ipv4ToNumber, ipv4ToNumberAllowingLeadingZeros, ipv6ToBytes, isIpv6, numberToIpv4 } from '@bmp-lab/codec';

// The fields a topology's schema is made of, and how the file's addresses are spelt once read.

/**
 * IPv4 in dotted decimal as the codec reads it: a leading zero (`010.1.1.1`)
 * is refused, not normalised, since other tools read it as octal and the
 * file would then mean different addresses to different readers.
 */
export function ipv4ToInt(text: string): number | null {
  return ipv4ToNumber(text) ?? null;
}

const IPV4_MESSAGE = 'not an IPv4 address in dotted decimal, such as 10.2.2.2';
/** The IPv4 message for `s`; a leading zero gets its own, naming the plain spelling. */
function ipv4Message(s: string): string {
  const lenient = ipv4ToNumberAllowingLeadingZeros(s);
  if (lenient === undefined) return IPV4_MESSAGE;
  return `${s} has a leading zero in an octet, which some tools read as octal; write it ${numberToIpv4(lenient)}`;
}
export const ipv4 = z.string().superRefine((s, ctx) => {
  if (ipv4ToInt(s) === null) ctx.addIssue({ code: 'custom', message: ipv4Message(s) });
});
/** A neighbor's address: IPv4, or IPv6 (BGP4+). */
export const ipAddress = z.string().superRefine((s, ctx) => {
  if (ipv4ToInt(s) !== null || isIpv6(s)) return;
  ctx.addIssue({ code: 'custom', message: s.includes(':') ? 'not an IPv6 address, such as 2001:db8:2::2' : ipv4Message(s) });
});
export const port = z.number().int('a TCP port is a whole number').min(1, 'a TCP port is 1-65535').max(65535, 'a TCP port is 1-65535');
export const asn = z.number().int('an AS number is a whole number').min(1, 'an AS number is 1-4294967295').max(4294967295, 'an AS number is 1-4294967295');
export function isPrefix(s: string): boolean {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(s);
  if (!m) return false;
  const a = ipv4ToInt(m[1]!);
  const len = Number(m[2]);
  if (a === null || len > 32) return false;
  return (a & ~ipv4Netmask(len)) >>> 0 === 0;
}
/** An IPv6 prefix `address/length` (0-128) with its host bits zero. */
export function isIpv6Prefix(s: string): boolean {
  const m = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(s);
  if (!m || !isIpv6(m[1]!)) return false;
  const len = Number(m[2]);
  if (len > 128) return false;
  const b = ipv6ToBytes(m[1]!);
  for (let bit = len; bit < 128; bit++) if (b[bit >> 3]! & (0x80 >> (bit & 7))) return false;
  return true;
}
const IPV4_PREFIX_MESSAGE = 'not an IPv4 prefix with its host bits zero, such as 203.0.113.0/24';
export const prefix = z.string().refine(isPrefix, IPV4_PREFIX_MESSAGE);
/** A route's prefix: IPv4, or IPv6 for an IPv6 neighbor. */
export const anyPrefix = z.string().superRefine((s, ctx) => {
  if (isPrefix(s) || isIpv6Prefix(s)) return;
  ctx.addIssue({ code: 'custom', message: s.includes(':') ? 'not an IPv6 prefix with its host bits zero, such as 2001:db8:2:1::/64' : IPV4_PREFIX_MESSAGE });
});
export const community = z
  .string()
  .refine((s) => /^\d{1,5}:\d{1,5}$/.test(s) && s.split(':').every((n) => Number(n) <= 65535), 'a community is AA:NN, each 0-65535, such as 200:1');
export const seconds = z.number().positive('a number of seconds above 0');

/**
 * Characters a name must not hold: the CLI's set (C0 and C1 controls and DEL,
 * which would act on the terminals that show the name, and the Unicode bidi
 * controls, which reorder what a terminal shows).
 */
const UNSAFE_NAME = CONTROL_CHARS;

/** A string shown in terminals (a name): no controls, no bidi overrides. */
export function safeText(schema: z.ZodString) {
  return schema.superRefine((s, ctx) => {
    const bad = UNSAFE_NAME.exec(s);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      ctx.addIssue({
        code: 'custom',
        message: `contains the control character U+${code} at position ${bad.index + 1}; names are printable text only (no control or bidi characters)`,
      });
    }
  });
}

/** Text from the file, safe to echo in an error (which may reach a terminal): unsafe characters as \u{…}. */
export function printable(text: string): string {
  return text.replace(new RegExp(UNSAFE_NAME.source, 'g'), (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** IPv6 in RFC 5952 form (compressed, lower case), so the file's spelling does not matter; IPv4 as written. */
export function labAddress(address: string): string {
  return isIpv6(address) ? formatIpv6(ipv6ToBytes(address)) : address;
}

export function labPrefix(prefix: string): string {
  const i = prefix.lastIndexOf('/');
  return `${labAddress(prefix.slice(0, i))}/${prefix.slice(i + 1)}`;
}
