import type { LexToken } from './param-types.js';

/**
 * Split a command line into words. Spaces separate words; a double-quoted
 * string is one word and may contain spaces (VRP: "When double quotation marks
 * are used around the string, spaces are allowed in the string"). An unclosed
 * quote runs to the end of the line.
 */
export function lexLine(line: string): LexToken[] {
  const tokens: LexToken[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    const start = i;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      const end = close === -1 ? line.length : close + 1;
      const raw = line.slice(start, end);
      tokens.push({ raw, value: line.slice(start + 1, close === -1 ? line.length : close), quoted: true, start });
      i = end;
      continue;
    }
    while (i < line.length && line[i] !== ' ') i++;
    const raw = line.slice(start, i);
    tokens.push({ raw, value: raw, quoted: false, start });
  }
  return tokens;
}
