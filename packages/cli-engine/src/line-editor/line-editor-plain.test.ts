import { describe, expect, it } from 'vitest';
import { LineEditor, MORE_PROMPT } from '@bmp-lab/cli-engine';
import type { LineEditorHost, Reply } from '@bmp-lab/cli-engine';

/** A shell with the prompt `<R>`: `long` prints 30 lines, `ask` asks a question; Tab completes `d` to `display`/`debugging`. */
function host(): LineEditorHost & { executed: string[] } {
  const executed: string[] = [];
  return {
    executed,
    prompt: () => '<R>',
    execute: (line): Reply => {
      executed.push(line);
      if (line === 'long') return { lines: Array.from({ length: 30 }, (_, i) => `line ${i}`) };
      if (line === 'ask') return { lines: [], question: { text: 'Continue?[Y/N]:', answer: (a) => ({ lines: [`answer ${a}`] }) } };
      return { lines: [`ran ${line}`] };
    },
    suspend: () => ({ lines: [] }),
    help: (text) => [`help for "${text}"`],
    completions: (text) => (text.endsWith('d') ? ['debugging', 'display'] : text.endsWith('sy') ? ['system-view'] : []),
    logoutBanner: () => [],
  };
}

/** What a terminal shows: CR, LF, BS and the CSI sequences the editor uses (cursor moves, erase to end). */
function screen(out: string, cols = 1000): string {
  const rows: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c === '\r') col = 0;
    else if (c === '\n') {
      row++;
      rows[row] ??= '';
    } else if (c === '\b') col = Math.max(0, col - 1);
    else if (c === '\x07') continue;
    else if (c === '\x1b') {
      const m = /^\x1b\[(\d*)([A-Za-z])/.exec(out.slice(i))!;
      const n = Number(m[1] || '1');
      if (m[2] === 'C') col += n;
      else if (m[2] === 'D') col = Math.max(0, col - n);
      else if (m[2] === 'A') row -= n;
      else if (m[2] === 'B') row += n;
      else if (m[2] === 'J' || m[2] === 'K') rows[row] = rows[row]!.slice(0, col);
      i += m[0].length - 1;
    } else {
      if (col >= cols) {
        row++;
        col = 0;
        rows[row] ??= '';
      }
      const l = rows[row]!.padEnd(col);
      rows[row] = l.slice(0, col) + c + l.slice(col + 1);
      col++;
    }
  }
  return rows.map((l) => l.trimEnd()).join('\n');
}

/** Keystrokes that exercise every editing path: moves, deletes, history, Tab, `?`, Ctrl+C, a question, the pager. */
const SESSIONS = [
  'show\r',
  'abcdef\x01\x06\x06\x04X\x05\x08\r',
  'one two\x17three\r',
  'abc def\x02\x02\x02\x18\r',
  'first\rsecond\rdra\x1b[A\x1b[A\x1b[B\x1b[B\r',
  'd\tdis\x7f\x7f\x7f\x7f\tplay\r',
  'sy\t\r',
  'displ?ay ver\x1b[D\x1b[D?\r',
  'abc\x03ask\ry\r',
  'long\r \r',
  'long\rq',
  'x'.repeat(150) + '\x01\x1b[C\x1b[C' + 'y'.repeat(3) + '\x05\x7f\x7f\r',
];

describe('LineEditor in plain mode (terminals without cursor addressing)', () => {
  for (const keys of SESSIONS) {
    it(`writes no escape sequence and shows what an ANSI terminal shows: ${JSON.stringify(keys).slice(0, 40)}`, () => {
      const ansiHost = host();
      const plainHost = host();
      const ansi = new LineEditor(ansiHost);
      const plain = new LineEditor(plainHost, { plain: true });
      // A wide ANSI terminal never wraps these lines, like the plain one.
      ansi.resize(1000, 24);
      plain.resize(1000, 24);
      let a = ansi.start(['Info: hello']);
      let p = plain.start(['Info: hello']);
      // One key at a time, as a person types, and all at once, as a program sends.
      for (const k of keys) a += ansi.feed(k);
      p += plain.feed(keys);
      expect(p).not.toMatch(/\x1b/);
      expect(plainHost.executed).toEqual(ansiHost.executed);
      expect(screen(p).replace(/ +$/gm, '')).toBe(screen(a).replace(/ +$/gm, ''));
    });
  }

  it('never wraps at the terminal width and wipes the pager line without escapes', () => {
    const h = host();
    const ed = new LineEditor(h, { plain: true });
    ed.resize(80, 24);
    ed.start();
    const typed = ed.feed('y'.repeat(200));
    expect(typed).toBe('y'.repeat(200));
    ed.feed('\x15\r');
    const out = ed.feed('long\r');
    expect(out).toContain(MORE_PROMPT);
    const more = ed.feed(' ');
    expect(more.startsWith('\r' + ' '.repeat(16) + '\r')).toBe(true);
    expect(more).not.toMatch(/\x1b/);
  });
});
