/**
 * BGP communities (RFC 1997) as the policy engine handles them: unsigned
 * 32-bit numbers. The codec carries them as `"hi:lo"` text; the
 * configuration as typed (`aa:nn`, a plain number, or a well-known name).
 */

/** RFC 1997 well-known communities by their VRP keyword. */
export const WELL_KNOWN_COMMUNITIES: Readonly<Record<string, number>> = {
  'no-export': 0xffffff01,
  'no-advertise': 0xffffff02,
  'no-export-subconfed': 0xffffff03,
};

/**
 * The keyword that stands for every route in a community filter. As an
 * `apply community` value it is written as community 0:0 (⚠ INFERRED: VRP
 * shows no number for it; 0 is the value other implementations give the
 * "internet" community).
 */
export const INTERNET = 'internet';

function parseUint(text: string, max: number): number | undefined {
  if (text.length === 0 || text.length > 10) return undefined;
  let v = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    v = v * 10 + c;
  }
  return v <= max ? v : undefined;
}

/**
 * A community as configured or as decoded — `aa:nn`, a plain 32-bit number,
 * a well-known name (`internet` counts as 0) — as a number; undefined when
 * it is none of these.
 */
export function parseCommunity(text: string): number | undefined {
  const lower = text.toLowerCase();
  const known = WELL_KNOWN_COMMUNITIES[lower];
  if (known !== undefined) return known;
  if (lower === INTERNET) return 0;
  const colon = text.indexOf(':');
  if (colon < 0) return parseUint(text, 0xffffffff);
  const hi = parseUint(text.slice(0, colon), 0xffff);
  const lo = parseUint(text.slice(colon + 1), 0xffff);
  return hi === undefined || lo === undefined ? undefined : hi * 65536 + lo;
}

/** The codec's text of a community: `"hi:lo"`. */
export function formatCommunity(n: number): string {
  return `${Math.floor(n / 65536)}:${n % 65536}`;
}
