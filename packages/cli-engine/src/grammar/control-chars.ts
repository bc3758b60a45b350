/**
 * Characters that must never reach a terminal from a name someone typed: C0
 * controls (ESC starts every escape sequence, BEL ends an OSC), DEL, the C1
 * controls (U+0080–U+009F: 0x9B is CSI, 0x9D is OSC, 0x9C is ST, each a whole
 * escape sequence on its own in terminals that honour 8-bit controls) and the
 * Unicode bidirectional controls (which reorder what a reader sees, as in the
 * "Trojan Source" attack). A name written to every console of a lab
 * (`sysname`, a BMP session's alias, a VPN instance) could otherwise redraw
 * the screen or plant a hidden hyperlink (OSC 8).
 */
export const CONTROL_CHARS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const CONTROL_CHARS_GLOBAL = new RegExp(CONTROL_CHARS.source, 'g');

/** Whether the text holds a character of `CONTROL_CHARS`. */
export function hasControlChars(text: string): boolean {
  return CONTROL_CHARS.test(text);
}

/** The text without the characters of `CONTROL_CHARS`. */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS_GLOBAL, '');
}
