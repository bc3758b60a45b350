import { describe, expect, it } from 'vitest';
import { LineEditor, MORE_CLEAR, MORE_PROMPT } from '@bmp-lab/cli-engine';
import type { LineEditorHost, Reply } from '@bmp-lab/cli-engine';

/** A host that records lines and answers with fixed text; the prompt is `<R>`. */
function host(overrides: Partial<LineEditorHost> = {}) {
  const executed: string[] = [];
  const h: LineEditorHost = {
    prompt: () => '<R>',
    execute: (line): Reply => {
      executed.push(line);
      return { lines: line === 'show' ? ['shown'] : [] };
    },
    suspend: () => ({ lines: [] }),
    help: (text) => [`help for "${text}"`],
    completions: (text) => (text.endsWith('sy') ? ['system-view'] : text.endsWith('d') ? ['debugging', 'display'] : []),
    logoutBanner: () => ['bye'],
    ...overrides,
  };
  return { h, executed };
}

/** Apply terminal output to a one-line model (enough for CR, cursor-forward, clear-to-end). */
function screen(out: string): string {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c === '\r') col = 0;
    else if (c === '\n') {
      row++;
      lines[row] ??= '';
      col = 0;
    } else if (c === '\b') col = Math.max(0, col - 1);
    else if (c === '\x1b') {
      const m = /^\x1b\[(\d*)([A-Za-z])/.exec(out.slice(i))!;
      const n = Number(m[1] || '1');
      if (m[2] === 'C') col += n;
      if (m[2] === 'J' || m[2] === 'K') lines[row] = lines[row]!.slice(0, col);
      i += m[0].length - 1;
    } else {
      const l = lines[row]!.padEnd(col);
      lines[row] = l.slice(0, col) + c + l.slice(col + 1);
      col++;
    }
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

describe('LineEditor', () => {
  it('echoes typing and hands whole lines to the shell', () => {
    const { h, executed } = host();
    const ed = new LineEditor(h);
    let out = ed.start(['Info: hello']);
    out += ed.feed('show\r');
    expect(executed).toEqual(['show']);
    expect(screen(out)).toBe('Info: hello\n<R>show\nshown\n<R>');
  });

  it('edits in the middle of the line with the VRP Ctrl keys', () => {
    const { h, executed } = host();
    const ed = new LineEditor(h);
    ed.start();
    // type, Ctrl+A, Ctrl+F twice, Ctrl+D deletes under the cursor, insert, Ctrl+E, Ctrl+H
    ed.feed('abcdef\x01\x06\x06\x04X\x05\x08\r');
    // Ctrl+W deletes the previous word, Ctrl+X to the start, Ctrl+Y to the end
    ed.feed('one two\x17three\r');
    ed.feed('abc def\x02\x02\x02\x18\r');
    ed.feed('abc def\x01\x06\x19\r');
    expect(executed).toEqual(['abXde', 'one three', 'def', 'a']);
  });

  it('recalls history with the arrows and Ctrl+P/N, keeping the draft', () => {
    const { h, executed } = host();
    const ed = new LineEditor(h);
    ed.start();
    ed.feed('first\rsecond\r');
    ed.feed('dra\x1b[A\x1b[A\r');
    ed.feed('x\x10\x0e\x0e\r');
    expect(executed).toEqual(['first', 'second', 'first', 'x']);
  });

  it('reassembles an escape sequence split across chunks', () => {
    const { h, executed } = host();
    const ed = new LineEditor(h);
    ed.start();
    ed.feed('ab\x1b');
    ed.feed('[D');
    ed.feed('X\r');
    expect(executed).toEqual(['aXb']);
  });

  it('prints ? help, then the prompt and the typed line again', () => {
    const { h } = host();
    const ed = new LineEditor(h);
    let out = ed.start();
    out += ed.feed('dis ?');
    expect(screen(out)).toBe('<R>dis ?\nhelp for "dis "\n<R>dis');
  });

  it('completes a unique keyword with Tab and cycles through several', () => {
    const { h, executed } = host();
    const ed = new LineEditor(h);
    let out = ed.start();
    out += ed.feed('sy\t');
    expect(screen(out)).toBe('<R>system-view');
    ed.feed('\r');
    ed.feed('d\t\t\t\r');
    expect(executed).toEqual(['system-view ', 'debugging']);
  });

  it('asks a question and passes the answer on', () => {
    const answers: string[] = [];
    const { h } = host({
      execute: () => ({
        lines: [],
        question: {
          text: 'Continue? [Y/N]:',
          answer: (a) => {
            answers.push(a);
            return { lines: ['done'] };
          },
        },
      }),
    });
    const ed = new LineEditor(h);
    let out = ed.start();
    out += ed.feed('go\ry\r');
    expect(answers).toEqual(['y']);
    expect(screen(out)).toBe('<R>go\nContinue? [Y/N]:y\ndone\n<R>');
  });

  it('Ctrl+C drops the line; Ctrl+Z asks the shell to return', () => {
    let suspended = 0;
    const { h, executed } = host({ suspend: () => (suspended++, { lines: [] }) });
    const ed = new LineEditor(h);
    ed.start();
    ed.feed('abc\x03\x1a');
    expect(executed).toEqual([]);
    expect(suspended).toBe(1);
  });

  it('refuses input beyond the 3100-character command limit', () => {
    const { h, executed } = host();
    const ed = new LineEditor(h);
    ed.start();
    const out = ed.feed('a'.repeat(3200));
    expect(out.endsWith('\x07')).toBe(true);
    ed.feed('\r');
    expect(executed[0]).toHaveLength(3100);
  });

  it('logs out and back in on the next key', () => {
    const { h } = host({ execute: () => ({ lines: [], logout: true }) });
    const ed = new LineEditor(h);
    let out = ed.start();
    out += ed.feed('quit\r');
    out += ed.feed(' ');
    expect(screen(out)).toBe('<R>quit\nbye\n\n<R>');
  });
});

describe('LineEditor pager', () => {
  const longHost = (lines: number, screenLength?: number) =>
    host({
      execute: (line): Reply => ({ lines: line === 'show' ? Array.from({ length: lines }, (_, i) => `line ${i + 1}`) : [] }),
      ...(screenLength === undefined ? {} : { screenLength: () => screenLength }),
    }).h;

  it('stops a page short of the terminal height with the More line, then Space, Enter and q', () => {
    const ed = new LineEditor(longHost(10));
    ed.resize(80, 4);
    ed.start();
    let out = ed.feed('show\r');
    expect(out).toBe('show\r\nline 1\r\nline 2\r\nline 3\r\n' + MORE_PROMPT);
    expect(ed.state).toBe('paging');
    out = ed.feed(' ');
    // The pager line is wiped as a real device does: ESC[16D, 16 spaces, ESC[16D.
    expect(out).toBe('\x1b[16D                \x1b[16D' + 'line 4\r\nline 5\r\nline 6\r\n' + MORE_PROMPT);
    expect(ed.feed('\r')).toBe(MORE_CLEAR + 'line 7\r\n' + MORE_PROMPT);
    expect(ed.feed('x')).toBe('');
    expect(ed.feed('q')).toBe(MORE_CLEAR + '<R>');
    expect(ed.state).toBe('line');
  });

  it('Ctrl+C stops the output; screen-length 0 never pages', () => {
    const ed = new LineEditor(longHost(10));
    ed.resize(80, 4);
    ed.start();
    ed.feed('show\r');
    expect(ed.feed('\x03')).toBe(MORE_CLEAR + '<R>');
    const off = new LineEditor(longHost(100, 0));
    off.resize(80, 4);
    off.start();
    expect(off.feed('show\r').endsWith('line 100\r\n<R>')).toBe(true);
  });
});
