import { describe, expect, it } from 'vitest';
import { COMMANDS } from '@bmp-lab/router';
import { MORE_PROMPT } from '@bmp-lab/cli-engine';
import { lab, Screen } from './harness.js';
import { seededRandom } from '@bmp-lab/test-support';

/**
 * Property test: random command lines and random key sequences into one
 * console. No exception may escape, and after every chunk the terminal is
 * on a prompt: the command prompt (line editing), a question, the pager
 * line, or the logout banner waiting for a key. `FUZZ_LINES` overrides the
 * count (default 100,000 chunks).
 */
const COUNT = Number(process.env['FUZZ_LINES'] ?? 100_000);

const KEYWORDS = [...new Set(COMMANDS.flatMap((c) => c.syntax.flatMap((s) => s.split(/\s+/))).filter((w) => /^[a-z]/.test(w)))];
// Values kept to a few so the random configuration stays small (prompts render it on every line).
const VALUES = [
  '10.1.1.1',
  '10.1.1.2',
  '1.1.1.1',
  '10.2.2.2',
  '0.0.0.0',
  '255.255.255.0',
  '2001:db8::1',
  '1790',
  '1791',
  '0',
  '15',
  '65535',
  '65536',
  '100',
  '100:1',
  '1.10',
  'vpn1',
  'VPN1',
  '"two words"',
  '_public_',
  'a',
  'LoopBack0',
  'LoopBack',
  '0/3/6',
  'Huawei@123',
  '%^%#abcdefghijklmnopqrstuvwxyz%^%#',
  '|',
  'include',
  'begin',
  'exclude',
  '(',
  '.*',
  '"',
  '""',
  'x'.repeat(40),
];
const KEYS = [
  '\t',
  '?',
  '\x01',
  '\x02',
  '\x03',
  '\x04',
  '\x05',
  '\x06',
  '\x08',
  '\x0e',
  '\x10',
  '\x17',
  '\x18',
  '\x19',
  '\x1a',
  '\x7f',
  '\x1b[A',
  '\x1b[B',
  '\x1b[C',
  '\x1b[D',
  '\x1b[3~',
  '\x1bb',
  '\x1bf',
  '\x1b',
  '\x1b[',
  '\x1b[99',
  '\r',
  '\n',
  '\r\n',
  ' ',
  'q',
  'y',
  'n',
  'c',
  'Y',
  '\x00',
  '\x07',
  '\u00e9',
  '\u4e2d',
];

describe('fuzz: the console survives anything and always ends on a prompt', () => {
  it(`${COUNT.toLocaleString('en')} random lines and key sequences`, () => {
    const random = seededRandom(20240611);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const l = lab();
    const session = l.session;
    const screen = new Screen(80, 60);
    l.editor.resize(80, 24);
    screen.write(l.text());
    for (let i = 0; i < COUNT; i++) {
      const r = random();
      let chunk: string;
      if (r < 0.6) {
        const words = Array.from({ length: 1 + Math.floor(random() * 7) }, () => {
          const w = random() < 0.65 ? pick(KEYWORDS) : pick(VALUES);
          const cut = random() < 0.3 ? w.slice(0, 1 + Math.floor(random() * w.length)) : w;
          return random() < 0.1 ? cut.toUpperCase() : cut;
        });
        chunk = (random() < 0.15 ? 'undo ' : '') + words.join(random() < 0.05 ? '  ' : ' ') + (random() < 0.1 ? pick(KEYS) : '\r');
      } else if (r < 0.8) {
        chunk = Array.from({ length: 1 + Math.floor(random() * 12) }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('') + '\r';
      } else if (r < 0.999) {
        chunk = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(KEYS)).join('');
      } else {
        chunk = 'a'.repeat(3000 + Math.floor(random() * 400)) + '\r';
      }
      screen.write(l.type(chunk));
      const state = l.editor.state;
      const tail = screen.rows.slice(-45).join('\n');
      const last = screen.current();
      const ok =
        state === 'line'
          ? tail.replace(/\n/g, '').includes(session.prompt())
          : state === 'paging'
            ? last === MORE_PROMPT
            : state === 'question'
              ? /\[Y\/N\/C\]:|\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:|\[Y\/N\]/.test(tail.replace(/\n/g, ''))
              : /please press any key to log on/.test(tail);
      if (!ok) throw new Error(`chunk ${i} (${JSON.stringify(chunk)}) left the console in ${state} without its prompt:\n${tail}`);
    }
    // Whatever state it is in, Ctrl+C / an answer / a key brings it back to a command prompt.
    screen.write(l.type('\x03c\r\x03'));
    screen.write(l.type(' '));
    expect(['line', 'question']).toContain(l.editor.state);
    // What is checked is survival, not speed: 100,000 steps take ~12 s alone and twice that beside the rest of the suite on 2 cores.
  }, 90_000);
});
