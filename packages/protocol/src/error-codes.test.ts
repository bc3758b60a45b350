import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WS_ERROR_CODES, parseServerMessage } from '@bmp-lab/protocol';

describe('WebSocket error codes', () => {
  it('the README names every code of WS_ERROR_CODES and no other', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const errorLines = readme.split('\n').filter((l) => /^- \*\*Errors\.\*\*|Errors come back as `error`/.test(l));
    const named = new Set(errorLines.flatMap((l) => [...l.matchAll(/`([a-z]+(?:-[a-z]+)*)`/g)].map((m) => m[1]!)));
    named.delete('error');
    expect([...named].sort()).toEqual([...WS_ERROR_CODES].sort());
  });

  it('a client accepts an error with a listed code and rejects any other', () => {
    for (const code of WS_ERROR_CODES) expect(parseServerMessage(JSON.stringify({ type: 'error', code, message: 'm' })).ok, code).toBe(true);
    expect(parseServerMessage(JSON.stringify({ type: 'error', code: 'made-up', message: 'm' })).ok).toBe(false);
  });
});
