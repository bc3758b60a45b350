/**
 * Console scrollback read back from the store is replayed to the browser that
 * resumes the console. Scrollback stored before the CLI refused terminal
 * controls in names (packages/cli-engine's control-chars.ts) may hold them
 * raw: a `sysname` with an OSC 8 hyperlink printed by `display
 * current-configuration`, an 8-bit CSI in a session alias.
 *
 * What the server itself writes to a console is known: text, CR LF, BS, BEL
 * (the bell) and CSI sequences (`ESC [`: the line editor's cursor moves and
 * erases). So a stored buffer with anything else that a terminal acts on —
 * ESC followed by anything but `[` (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`,
 * PM `ESC ^`, APC `ESC _`, a reset `ESC c`…), an 8-bit C1 control
 * (U+0080–U+009F, each a whole escape sequence in terminals that honour them)
 * or a bidi control — cannot be the server's own output: it is user-controlled
 * text, and the console's stored output is not replayed.
 *
 * CSI is kept: the line editor writes it on every keystroke, so a buffer
 * without it hardly exists and it cannot tell the server's sequences from a
 * name's. What a stray CSI can do is bounded to the screen it is replayed on
 * (move the cursor, erase, colour); the prompt that follows redraws the
 * line. The sequences dropped here reach further: hyperlinks, the clipboard
 * (OSC 52), the window title, strings handed to the terminal's handlers.
 */
const NOT_SERVER_OUTPUT = /\x1b(?!\[)|[\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** What the console shows instead of stored output it does not replay. ⚠ INFERRED wording, in VRP's `Info:` style. */
export const SCROLLBACK_NOT_KEPT = 'Info: The earlier output of this console was not kept because it contained terminal control sequences.';

export interface StoredScrollback {
  buffer: string;
  bufferStart: number;
}

/**
 * The scrollback to restore: as stored, or, when it holds sequences the
 * server never writes, one line saying so. Offsets go on from where the
 * stored output ended: they never go back, so a browser's `seen` offset
 * stays valid and it gets the line whatever it saw before.
 */
export function replayableScrollback(stored: StoredScrollback): StoredScrollback {
  if (!NOT_SERVER_OUTPUT.test(stored.buffer)) return stored;
  const line = `\r\n${SCROLLBACK_NOT_KEPT}\r\n`;
  return { buffer: line, bufferStart: stored.bufferStart + stored.buffer.length };
}
