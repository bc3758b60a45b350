import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECODE_ERRORS, DECODE_ERROR_CODES, decodeBgpMessage, decodeBmpMessage, encodeBmpMessage } from '../src/index.js';
import { bgp, bmp, concat, PEER_A_HEADER } from './helpers.js';

/** The README's table of decode error codes: code, meaning, and the NOTIFICATION as `code/subcode` (or —). */
function readmeRows(): { code: string; meaning: string; notification: string }[] {
  const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = text.slice(text.indexOf('## Decode error codes'), text.indexOf('\n## ', text.indexOf('## Decode error codes') + 1));
  return [...section.matchAll(/^\| `([A-Z_]+)` \| (.+) \| (.+) \|$/gm)].map((m) => ({ code: m[1]!, meaning: m[2]!, notification: m[3]! }));
}

describe('decode error codes', () => {
  it('the README lists exactly the codes of DECODE_ERRORS, in order, with their meanings and NOTIFICATIONs', () => {
    const rows = readmeRows();
    expect(rows.map((r) => r.code)).toEqual(DECODE_ERROR_CODES);
    for (const row of rows) {
      const info = DECODE_ERRORS[row.code as keyof typeof DECODE_ERRORS];
      expect(row.meaning).toBe(info.meaning);
      const n = info.notification;
      expect(row.notification.startsWith(n === null ? '—' : `${n.code}/${n.subcode} `), row.code).toBe(true);
    }
  });

  it('every BGP code names the NOTIFICATION a speaker sends and no BMP code does', () => {
    for (const code of DECODE_ERROR_CODES) {
      const n = DECODE_ERRORS[code].notification;
      if (code.startsWith('BGP_')) expect(n?.code, code).toBeGreaterThan(0);
      else expect(n, code).toBeNull();
    }
  });

  it('an error carries the NOTIFICATION of its code (RFC 4271 §6)', () => {
    const cases: [Uint8Array, string, { code: number; subcode: number }][] = [
      // OPEN whose optional parameters length (1) leaves no room for a parameter header: OPEN Message Error, Unspecific.
      [bgp(1, '04 fde8 00b4 c0000201 01 02'), 'BGP_TRUNCATED', { code: 2, subcode: 0 }],
      [bgp(1, '04 fde8 00b4 c0000201 05 0201'), 'BGP_BAD_PARAMETER_LENGTH', { code: 2, subcode: 0 }],
      [bgp(9, ''), 'BGP_UNKNOWN_MESSAGE_TYPE', { code: 1, subcode: 3 }],
      [bgp(4, '00'), 'BGP_BAD_LENGTH', { code: 1, subcode: 2 }],
      [bgp(2, '0010 0000'), 'BGP_BAD_WITHDRAWN_LENGTH', { code: 3, subcode: 1 }],
      [bgp(2, '0000 0000 21c0000201'), 'BGP_BAD_PREFIX_LENGTH', { code: 3, subcode: 10 }],
      [bgp(2, '0000 0004 40010103'), 'BGP_BAD_ORIGIN', { code: 3, subcode: 6 }],
    ];
    for (const [bytes, code, notification] of cases) {
      const r = decodeBgpMessage(bytes);
      expect(r.ok ? null : { code: r.error.code, notification: r.error.notification }, code).toEqual({ code, notification });
    }
    const r = decodeBmpMessage(bmp(9, new Uint8Array(0)));
    expect(r.ok ? null : r.error).toMatchObject({ code: 'BMP_UNKNOWN_MESSAGE_TYPE' });
    expect(r.ok ? null : r.error.notification).toBeUndefined();
  });

  it('a Peer Down reason outside 1–6 is kept as an unknown reason, not an error (the IANA registry grows)', () => {
    for (const reason of [0, 7, 255]) {
      const bytes = bmp(2, concat(PEER_A_HEADER, Uint8Array.of(reason, 1, 2, 3)));
      const r = decodeBmpMessage(bytes);
      expect(r).toMatchObject({ ok: true, value: { type: 'peer-down', reason: { kind: 'unknown', code: reason, data: Uint8Array.of(1, 2, 3) } } });
      if (r.ok) expect(encodeBmpMessage(r.value)).toEqual(bytes);
    }
  });
});
