import { isCipherText } from '@bmp-lab/cli-engine';

/** Printable characters VRP cipher text is made of (no space, `?` or `"`). */
const ALPHABET = "!#$&'()*+,-./0123456789:;<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]_`abcdefghijklmnopqrstuvwxyz{|}~";

/**
 * The cipher text VRP stores for a password (docs/vrp-behaviour.md §2.5: 1–255 characters
 * in plain text, 20–432 in cipher text; configuration shows only cipher text).
 * A password typed as cipher text is kept as typed.
 *
 * ⚠ INFERRED: real VRP encrypts with a device key and a random salt, so the
 * text differs on every entry. The lab derives it from the plain text instead
 * (deterministic, so transcripts are stable); it has the real `%^%#…%^%#`
 * shape and the plain text cannot be read back from the configuration.
 */
export function passwordCipher(password: string): string {
  if (isCipherText(password)) return password;
  let h = 0x811c9dc5;
  for (let i = 0; i < password.length; i++) h = Math.imul(h ^ password.charCodeAt(i), 0x01000193) >>> 0;
  let x = h || 1;
  let body = '';
  for (let i = 0; i < 48; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    body += ALPHABET.charAt(x % ALPHABET.length);
  }
  return `%^%#${body}%^%#`;
}
