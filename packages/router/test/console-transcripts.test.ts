import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Level } from '@bmp-lab/cli-engine';
import { lab, Screen, settle } from './harness.js';

/**
 * Golden transcripts: `transcripts/NAME.cli` holds keystrokes, one typed line
 * per line; `NAME.out` the exact terminal screen they produce (prompts,
 * echo, carets, pager), as an 80x24 xterm shows it unless resized.
 *
 * `.cli` syntax:
 * - every line is typed and followed by Enter, unless it ends with `?` or a
 *   `<KEY>` escape (then the next line goes on with the same input);
 * - escapes: `<TAB>`, `<CR>`, `<SPACE>`, `<BS>`, `<DEL>`, `<UP>`, `<DOWN>`,
 *   `<LEFT>`, `<RIGHT>`, `<ESC-B>`, `<ESC-F>`, `<CTRL-A>` … `<CTRL-Z>`, and
 *   `<NOCR>` (nothing; only stops the Enter);
 * - `// …` is a comment for the reader;
 * - directives: `@level N` (first line: the console user's level),
 *   `@size COLS ROWS`, `@advance SECONDS` (the lab clock), `@settle` (let
 *   dials finish), `@dials` (a note line in the output listing the TCP
 *   dials so far).
 *
 * `UPDATE=1 npx vitest run packages/router/test/console-transcripts.test.ts`
 * rewrites the `.out` files; review the diff before committing.
 */
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'transcripts');
const UPDATE = !!process.env['UPDATE'];

const KEYS: Record<string, string> = {
  TAB: '\t',
  CR: '\r',
  SPACE: ' ',
  BS: '\x7f',
  DEL: '\x1b[3~',
  UP: '\x1b[A',
  DOWN: '\x1b[B',
  LEFT: '\x1b[D',
  RIGHT: '\x1b[C',
  'ESC-B': '\x1bb',
  'ESC-F': '\x1bf',
  NOCR: '',
};

export function keystrokes(line: string): string {
  const keys = line.replace(/<([A-Z-]+)>/g, (whole, name: string) => {
    if (name in KEYS) return KEYS[name]!;
    const ctrl = /^CTRL-([A-Z])$/.exec(name);
    if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 64);
    throw new Error(`unknown key ${whole}`);
  });
  return /(\?|<[A-Z-]+>)$/.test(line) ? keys : keys + '\r';
}

export async function runTranscript(source: string): Promise<string> {
  const lines = source.replace(/\n$/, '').split('\n');
  let level: Level = 3;
  if (lines[0]?.startsWith('@level ')) level = Number(lines.shift()!.slice(7)) as Level;
  const l = lab({ level });
  const screen = new Screen(80);
  l.editor.resize(80, 24);
  screen.write(l.text());
  let reported = 0;
  for (const line of lines) {
    if (line.startsWith('//')) continue;
    const directive = /^@(\w+)(?: (.*))?$/.exec(line);
    if (directive) {
      const [, name, arg = ''] = directive;
      if (name === 'size') {
        const [cols, rows] = arg.split(' ').map(Number);
        screen.cols = cols!;
        l.editor.resize(cols!, rows);
      } else if (name === 'advance') l.clock.advance(Number(arg) * 1000);
      else if (name === 'settle') await settle();
      else if (name === 'dials') {
        const dials = l.dialer.dials.slice(reported).map((d) => `${d.address}:${d.port}`);
        reported = l.dialer.dials.length;
        screen.note(`@dials: ${dials.length > 0 ? dials.join(' ') : 'none'}`);
      } else throw new Error(`unknown directive ${line}`);
      continue;
    }
    screen.write(l.type(keystrokes(line)));
  }
  return screen.text() + '\n';
}

const files = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.cli'))
      .sort()
  : [];

describe('golden transcripts', () => {
  it('has transcripts', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(file.replace(/\.cli$/, ''), async () => {
      const actual = await runTranscript(readFileSync(path.join(DIR, file), 'utf8'));
      const outFile = path.join(DIR, file.replace(/\.cli$/, '.out'));
      if (UPDATE) writeFileSync(outFile, actual);
      expect(actual).toBe(readFileSync(outFile, 'utf8'));
    });
  }
});
