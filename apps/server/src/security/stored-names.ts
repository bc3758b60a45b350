import { CONTROL_CHARS, stripControlChars } from '@bmp-lab/router';

/**
 * A configuration read back from the store may hold names typed before the
 * CLI refused terminal controls in them: a `sysname`, a session alias or a
 * VPN instance name with an escape sequence would then be written to every
 * console of the lab. Every string of the stored configuration (object keys
 * included) loses those characters before the router sees it. The set is the
 * CLI's (`CONTROL_CHARS`: C0, DEL, C1 and the bidi controls).
 */

/**
 * Whether one character is in the refused set (the Telnet login prompts skip
 * such a key instead of echoing it, as the line editor does).
 */
export function isControlChar(c: string): boolean {
  return CONTROL_CHARS.test(c);
}

export function withoutControlChars<T>(value: T): T {
  return scrub(value) as T;
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return stripControlChars(value);
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k) as string, scrub(v)]));
  }
  return value;
}
