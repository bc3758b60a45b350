/** The slice of xterm's IBuffer that text extraction needs (testable without a DOM). */
export interface BufferLineLike {
  readonly isWrapped: boolean;
  translateToString(trimRight?: boolean): string;
}
export interface BufferLike {
  readonly length: number;
  getLine(y: number): BufferLineLike | undefined;
}

/**
 * The whole buffer (scrollback + screen) as plain text: one entry per
 * logical line, lines joined with '\n', trailing spaces trimmed per line.
 * Rows that xterm soft-wrapped are joined back into the line the router
 * printed, so a long command or error line reads the same at any width.
 * Blank rows below the last written line (the unused part of the screen)
 * are left out.
 */
export function bufferText(buffer: BufferLike): string {
  const lines: string[] = [];
  let current = '';
  for (let y = 0; y < buffer.length; y++) {
    const row = buffer.getLine(y);
    if (row === undefined) continue;
    const next = buffer.getLine(y + 1);
    const continues = next !== undefined && next.isWrapped;
    if (continues) {
      // A full row that goes on in the next one: its trailing cells are text.
      current += row.translateToString(false);
    } else {
      lines.push((current + row.translateToString(true)).replace(/\s+$/u, ''));
      current = '';
    }
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
