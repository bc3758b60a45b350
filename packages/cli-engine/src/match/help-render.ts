import type { HelpResult } from './command-table.js';
import { renderParseError } from './parse-error.js';

/**
 * Text of a `?` answer (docs/vrp-behaviour.md §3.6). Full help: two columns, keyword or
 * type token then description, indented two spaces, the first column as wide
 * as its longest entry plus two spaces. `<cr>` is printed with one leading
 * space, as the device sample shows it. Partial help: matching keywords only,
 * two per line in 40-character columns.
 */
export function renderHelp(result: HelpResult, promptLength: number): string[] {
  switch (result.kind) {
    case 'error':
      return renderParseError(result.error, promptLength, result.offset);
    case 'words': {
      const lines: string[] = [];
      for (let i = 0; i < result.words.length; i += 2) {
        const pair = result.words.slice(i, i + 2);
        lines.push(('  ' + pair.map((w, j) => (j === 0 && pair.length > 1 ? w.padEnd(40) : w)).join('')).trimEnd());
      }
      return lines;
    }
    case 'rows': {
      const body = result.rows.filter((r) => r.token !== '<cr>');
      const width = Math.max(0, ...body.map((r) => r.token.length)) + 2;
      const lines = body.map((r) => ('  ' + r.token.padEnd(width) + r.help).trimEnd());
      if (body.length !== result.rows.length) lines.push(' <cr>');
      return result.header ? [result.header, ...lines] : lines;
    }
  }
}
