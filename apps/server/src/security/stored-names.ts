/**
 * A configuration read back from the store may hold names typed before the
 * CLI refused terminal controls in them (packages/cli-engine's
 * control-chars.ts): a `sysname`, a session alias or a VPN instance name with
 * an escape sequence would then be written to every console of the lab. Every
 * string of the stored configuration (object keys included) loses those
 * characters before the router sees it. The set is the CLI's: C0, DEL, C1 and
 * the bidi controls (the server does not depend on the CLI engine, hence the
 * copy).
 */
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL = new RegExp(CONTROLS.source);

/**
 * Whether one character is in the refused set (the Telnet login prompts skip
 * such a key instead of echoing it, as the line editor does).
 */
export function isControlChar(c: string): boolean {
  return CONTROL.test(c);
}

export function withoutControlChars<T>(value: T): T {
  return scrub(value) as T;
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(CONTROLS, '');
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k) as string, scrub(v)]));
  }
  return value;
}
