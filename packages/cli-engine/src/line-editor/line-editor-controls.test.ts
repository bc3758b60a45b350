import { describe, expect, it } from 'vitest';
import { LineEditor, parseParamValue } from '@bmp-lab/cli-engine';
import type { LineEditorHost, ParamType, Reply } from '@bmp-lab/cli-engine';

/** Terminal controls typed or pasted into a console are never echoed raw nor kept in the line. */

function editor(plain = false) {
  const executed: string[] = [];
  const host: LineEditorHost = {
    prompt: () => '<R>',
    execute: (line): Reply => {
      executed.push(line);
      return { lines: [] };
    },
    suspend: () => ({ lines: [] }),
    help: () => [],
    completions: () => [],
    logoutBanner: () => [],
  };
  return { e: new LineEditor(host, { plain }), executed };
}

// 8-bit CSI / OSC / ST, the 7-bit OSC 8 hyperlink and a BEL, a bidi override.
const PAYLOADS = ['a\x9b2Jb', 'a\x9d8;;http://x\x9cb', 'a\x1b]8;;http://x\x07b', 'a\u202eb', 'a\x85b'];

describe('line editor and controls', () => {
  for (const plain of [false, true]) {
    it(`never echoes a control character (${plain ? 'plain' : 'ANSI'})`, () => {
      for (const payload of PAYLOADS) {
        const { e, executed } = editor(plain);
        e.start();
        const out = e.feed(payload) + e.feed('\r');
        expect(out).not.toMatch(/[\x07\x80-\x9f\u202e]/);
        expect(out).not.toContain('\x1b]');
        expect(executed.at(-1)).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
      }
    });
  }

  it('a string parameter refuses C0, C1, DEL and bidi controls', () => {
    const name: ParamType = { kind: 'string', min: 1, max: 31, caseSensitive: true };
    const tok = (value: string) => ({ raw: value, value, quoted: false, start: 0 });
    expect(parseParamValue(name, tok('EDGE-1'))).toBe('EDGE-1');
    for (const bad of ['a\x1bb', 'a\x9bb', 'a\x9db', 'a\x7fb', 'a\x07b', 'a\u202eb', 'a\u2066b']) expect(parseParamValue(name, tok(bad))).toBeUndefined();
    const pw: ParamType = { kind: 'password', plainMin: 1, plainMax: 255, cipherMin: 20, cipherMax: 432 };
    expect(parseParamValue(pw, tok('pa\x1bss'))).toBeUndefined();
  });
});
