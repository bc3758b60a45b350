import { hasControlChars } from './control-chars.js';

/**
 * Parameter value rules, as the "Value" column of a Huawei command page states
 * them ("a string of 1 to 31 case-sensitive characters, spaces not supported…",
 * "an integer ranging from 1 to 65535", "dotted decimal notation").
 */
export type ParamType =
  | {
      kind: 'ipv4';
      /** Addresses that are never valid here (e.g. `0.0.0.0` for a router ID). */
      forbidden?: readonly string[];
    }
  /** `X:X:X:X:X:X:X:X`; the value is the compressed, upper-case form VRP prints (`2001:DB8:1::1`). */
  | { kind: 'ipv6' }
  /** A contiguous dotted-decimal mask (`255.255.255.0`). */
  | { kind: 'ipv4-mask' }
  | { kind: 'integer'; min: number; max: number }
  /** AS number: 1–4294967295, or dotted `x.y` (x 1–65535, y 0–65535); the value is the number. */
  | { kind: 'as-number' }
  /** Route distinguisher `AS:nn`, `IPv4:nn` or `x.y:nn`, 3–21 characters. */
  | { kind: 'route-distinguisher' }
  /** A BGP community written `aa:nn`, each half 0–65535; the value is the text without leading zeros (`100:1`). */
  | { kind: 'community' }
  /** An interface type and number written together (`LoopBack0`, `GigabitEthernet0/3/6`). */
  | { kind: 'interface-name' }
  /** An interface type on its own (`LoopBack`), followed by its number as a separate word. */
  | { kind: 'interface-type' }
  /**
   * A password typed in plain text (`plainMin`–`plainMax` characters) or as
   * VRP cipher text (`%^%#…%^%#`, `cipherMin`–`cipherMax` characters).
   */
  | { kind: 'password'; plainMin: number; plainMax: number; cipherMin: number; cipherMax: number }
  | {
      kind: 'string';
      min: number;
      max: number;
      /** Case-insensitive strings are stored lower-cased, as VRP does. */
      caseSensitive: boolean;
      /** Words that are never a valid value (e.g. `_public_` for a VPN instance name). */
      forbidden?: readonly string[];
      /** The value may not be all digits (a name beside a numbered form, as `ip community-filter basic NAME`). */
      notAllDigits?: boolean;
    };

export type ParamValue = string | number;

/** One word of the command line, after quote handling. */
export interface LexToken {
  /** The word as typed, quotes included. */
  raw: string;
  /** The value: quotes removed. */
  value: string;
  quoted: boolean;
  /** 0-based offset of the word's first character in the line. */
  start: number;
}

export const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Interface types the emulated device knows, spelled as VRP prints them.
 * ⚠ INFERRED: the lab has no interface model; these are the types BMP and BGP
 * examples use (`LoopBack0`, `GigabitEthernet0/3/6`) plus the common ones.
 */
export const INTERFACE_TYPES: readonly string[] = ['Eth-Trunk', 'GigabitEthernet', 'LoopBack', 'Vlanif'];

/** Validate one word against a parameter rule; undefined when it is not a valid value. */
export function parseParamValue(type: ParamType, token: LexToken): ParamValue | undefined {
  const v = token.value;
  switch (type.kind) {
    case 'ipv4':
      return !token.quoted && ipv4Pattern.test(v) && !type.forbidden?.includes(v) ? v : undefined;
    case 'ipv6':
      return token.quoted ? undefined : parseIpv6(v);
    case 'ipv4-mask':
      return !token.quoted && ipv4Pattern.test(v) && maskLength(v) !== undefined ? v : undefined;
    case 'integer': {
      if (token.quoted || !/^\d{1,10}$/.test(v)) return undefined;
      const n = Number(v);
      return n >= type.min && n <= type.max ? n : undefined;
    }
    case 'as-number':
      return token.quoted ? undefined : parseAsNumber(v);
    case 'route-distinguisher':
      return !token.quoted && isRouteDistinguisher(v) ? v : undefined;
    case 'community': {
      const m = /^(\d{1,5}):(\d{1,5})$/.exec(v);
      if (token.quoted || !m) return undefined;
      const [aa, nn] = [Number(m[1]), Number(m[2])];
      return aa <= 65535 && nn <= 65535 ? `${aa}:${nn}` : undefined;
    }
    case 'interface-name': {
      const m = /^([A-Za-z-]+)(\d+(?:\/\d+)*(?:\.\d+)?)$/.exec(v);
      const t = m && INTERFACE_TYPES.find((x) => x.toLowerCase() === m[1]!.toLowerCase());
      return !token.quoted && m && t ? t + m[2]! : undefined;
    }
    case 'interface-type':
      return token.quoted ? undefined : INTERFACE_TYPES.find((x) => x.toLowerCase() === v.toLowerCase());
    case 'password': {
      if (v.includes('?') || (!token.quoted && v.includes(' ')) || hasControlChars(v)) return undefined;
      if (isCipherText(v)) return v.length >= type.cipherMin && v.length <= type.cipherMax ? v : undefined;
      return v.length >= type.plainMin && v.length <= type.plainMax ? v : undefined;
    }
    case 'string': {
      // VRP counts characters of the unquoted value; a `?` is never part of a
      // value because the line editor reads it as the help key.
      if (v.length < type.min || v.length > type.max || v.includes('?')) return undefined;
      // A name is printed in prompts, logs and every console of the lab: no terminal controls (control-chars.ts).
      if (hasControlChars(v)) return undefined;
      if (type.forbidden?.includes(v)) return undefined;
      if (type.notAllDigits && /^\d+$/.test(v)) return undefined;
      return type.caseSensitive ? v : v.toLowerCase();
    }
  }
}

/** VRP's cipher-text form of a stored password: `%^%#` … `%^%#`. */
export function isCipherText(v: string): boolean {
  return v.length >= 8 && v.startsWith('%^%#') && v.endsWith('%^%#');
}

/** The type token `?` help prints for a parameter (VRP conventions, docs/vrp-behaviour.md §3.6). */
export function paramHelpToken(type: ParamType): string {
  switch (type.kind) {
    case 'ipv4':
    case 'ipv4-mask':
      return 'X.X.X.X';
    case 'ipv6':
      // ⚠ INFERRED (docs/vrp-behaviour.md §3.6): the IPv6 token of VRP's help.
      return 'X:X::X:X';
    case 'integer':
      return `INTEGER<${type.min}-${type.max}>`;
    case 'as-number':
      // ⚠ INFERRED: VRP shows the two AS forms in one token.
      return 'INTEGER<1-4294967295>|STRING<3-11>';
    case 'route-distinguisher':
      return 'STRING<3-21>';
    case 'community':
      // ⚠ INFERRED: `aa:nn` is at most 11 characters; the token follows the route distinguisher's.
      return 'STRING<3-11>';
    case 'interface-name':
      return 'STRING<1-63>';
    case 'interface-type':
      return 'STRING';
    case 'password':
      return `STRING<${type.plainMin}-${type.plainMax}>|STRING<${type.cipherMin}-${type.cipherMax}>`;
    case 'string':
      return `STRING<${type.min}-${type.max}>`;
  }
}

/** Length of a contiguous dotted mask, or undefined. */
export function maskLength(mask: string): number | undefined {
  if (!ipv4Pattern.test(mask)) return undefined;
  const n = mask.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  for (let len = 0; len <= 32; len++) {
    const m = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    if (m === n) return len;
  }
  return undefined;
}

function parseAsNumber(v: string): number | undefined {
  if (/^\d{1,10}$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 4294967295 ? n : undefined;
  }
  const m = /^(\d{1,5})\.(\d{1,5})$/.exec(v);
  if (!m) return undefined;
  const x = Number(m[1]);
  const y = Number(m[2]);
  return x >= 1 && x <= 65535 && y <= 65535 ? x * 65536 + y : undefined;
}

function isRouteDistinguisher(v: string): boolean {
  if (v.length < 3 || v.length > 21) return false;
  const i = v.lastIndexOf(':');
  if (i <= 0) return false;
  const admin = v.slice(0, i);
  const num = v.slice(i + 1);
  if (!/^\d{1,10}$/.test(num)) return false;
  const n = Number(num);
  if (ipv4Pattern.test(admin)) return n <= 65535;
  if (/^\d{1,10}$/.test(admin)) {
    const a = Number(admin);
    // 2-byte AS : 4-byte number, or 4-byte AS : 2-byte number.
    return a <= 65535 ? n <= 4294967295 : a <= 4294967295 && n <= 65535;
  }
  const asdot = parseAsNumber(admin);
  return asdot !== undefined && n <= 65535;
}

/** Parse an IPv6 address; the compressed, upper-case text, or undefined. */
export function parseIpv6(v: string): string | undefined {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(v)) return undefined;
  let text = v;
  if (text.includes('.')) {
    // An embedded IPv4 tail (`::FFFF:10.1.1.1`) becomes two hex groups.
    const i = text.lastIndexOf(':');
    const v4 = text.slice(i + 1);
    if (!ipv4Pattern.test(v4)) return undefined;
    const o = v4.split('.').map(Number);
    text = text.slice(0, i + 1) + ((o[0]! << 8) | o[1]!).toString(16) + ':' + ((o[2]! << 8) | o[3]!).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const groups = [...head, ...rest].map((g) => parseInt(g, 16));
  const total = groups.length;
  let words: number[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    words = [...head.map((g) => parseInt(g, 16)), ...Array<number>(8 - total).fill(0), ...rest.map((g) => parseInt(g, 16))];
  } else {
    if (total !== 8) return undefined;
    words = groups;
  }
  return formatIpv6(words);
}

/** RFC 5952 compression (longest run of two or more zero groups), upper case as VRP prints it. */
function formatIpv6(words: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16).toUpperCase());
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}
