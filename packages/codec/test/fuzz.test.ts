import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createBmpFramer, decodeBgpMessage, decodeBmpMessage, encodeBmpMessage, type Result } from '../src/index.js';
import { ALL_CODES } from './helpers.js';
import { allBmpMessages } from './samples.js';
import { xorshift32 } from '@bmp-lab/test-support';

// Random and mutated frames at the decoder and the framer: no exception may
// escape, every failure is a listed code with an in-range offset, and the
// heap stays flat (no leak per frame). FUZZ_ITERATIONS overrides the count
// (default 1,000,000 decoder frames plus N/5 framer chunks of valid and
// mutated messages; lower it for a quick run, raise it for a longer soak).
const N = Number(process.env['FUZZ_ITERATIONS'] ?? 1_000_000);

/**
 * A full garbage collection, when we can get one: `global.gc` (node
 * --expose-gc) or the same function fetched after setting the V8 flag at run
 * time. Without it the heap bound is loose (garbage may still be uncollected).
 */
const collectGarbage: (() => void) | undefined = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    setFlagsFromString('--expose_gc');
    const fn = runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
})();

/** Heap in use, after a full GC if one is available. */
function heapUsed(): number {
  collectGarbage?.();
  return process.memoryUsage().heapUsed;
}

/** Allowed heap growth between the warmed-up sample and the end of a run. */
const HEAP_BOUND = collectGarbage !== undefined ? 16 * 1024 * 1024 : 200 * 1024 * 1024;

const seeds = allBmpMessages.map((m) => encodeBmpMessage(m));

function mutate(rand: () => number): Uint8Array {
  const base = seeds[rand() % seeds.length] as Uint8Array;
  const kind = rand() % 8;
  let b = base.slice();
  switch (kind) {
    case 0: // random bytes, valid-looking header
      b = new Uint8Array(6 + (rand() % 200)).map(() => rand() & 0xff);
      b[0] = 3;
      break;
    case 1: // flip 1-4 bytes anywhere
      for (let k = 0, n = 1 + (rand() % 4); k < n; k++) b[rand() % b.length] = rand() & 0xff;
      break;
    case 2: // flip bytes after the common header only (reach the body decoders)
      for (let k = 0, n = 1 + (rand() % 3); k < n; k++) b[6 + (rand() % (b.length - 6))] = rand() & 0xff;
      break;
    case 3: // truncate and fix the BMP length
      b = b.slice(0, rand() % b.length);
      break;
    case 4: // insert a byte
      {
        const at = rand() % b.length;
        b = Uint8Array.from([...b.subarray(0, at), rand() & 0xff, ...b.subarray(at)]);
      }
      break;
    case 5: // delete a byte
      {
        const at = rand() % b.length;
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1)]);
      }
      break;
    case 6: // set a small field to an extreme
      b[6 + (rand() % (b.length - 6))] = rand() % 2 ? 0xff : 0;
      break;
    default: // pure noise
      b = new Uint8Array(rand() % 120).map(() => rand() & 0xff);
  }
  if (kind >= 2 && kind <= 6 && b.length >= 5 && rand() % 4 !== 0) {
    b[1] = b.length >>> 24;
    b[2] = (b.length >>> 16) & 0xff;
    b[3] = (b.length >>> 8) & 0xff;
    b[4] = b.length & 0xff;
  }
  return b;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function check(r: Result<unknown>, len: number): void {
  if (r.ok) return;
  if (!ALL_CODES.includes(r.error.code) || r.error.offset < 0 || r.error.offset > len || r.error.field === '') {
    throw new Error(`bad error ${JSON.stringify(r.error)} for input of ${len} bytes`);
  }
}

describe('fuzz', () => {
  it(`decodeBmpMessage and decodeBgpMessage survive ${N} mutated frames`, { timeout: 600_000 }, () => {
    const rand = xorshift32(0xc0dec);
    let ok = 0;
    const warm = Math.min(N - 1, 20_000); // JIT, inline caches and samples settled
    let before = 0;
    for (let i = 0; i < N; i++) {
      if (i === warm) before = heapUsed();
      const b = mutate(rand);
      const r = decodeBmpMessage(b);
      check(r, b.length);
      if (r.ok) {
        ok++;
        // whatever decodes re-encodes to a canonical form that is a fixed point
        const again = encodeBmpMessage(r.value);
        const back = decodeBmpMessage(again);
        if (!back.ok || !sameBytes(encodeBmpMessage(back.value), again)) throw new Error(`re-encode is not stable for ${Buffer.from(b).toString('hex')}`);
      }
      if (i % 4 === 0 && b.length > 48) {
        const bgp = b.subarray(48);
        check(decodeBgpMessage(bgp, { fourOctetAs: (i & 8) === 0 }), bgp.length);
      }
    }
    expect(ok).toBeGreaterThan(0); // some mutations stay valid (e.g. changed ASNs)
    const grown = heapUsed() - before;
    expect(grown, `heap grew by ${grown} bytes over ${N - warm} frames`).toBeLessThan(HEAP_BOUND);
  });

  it('the framer survives random chunks of valid and hostile streams with bounded memory', { timeout: 600_000 }, () => {
    const rand = xorshift32(42);
    const chunks = Math.max(1000, Math.floor(N / 5));
    const warm = Math.min(chunks - 1, 5_000);
    let before = 0;
    let framer = createBmpFramer({ maxMessageLength: 64 * 1024 });
    let messages = 0;
    let errors = 0;
    for (let i = 0; i < chunks; i++) {
      if (i === warm) before = heapUsed();
      const chunk = rand() % 3 === 0 ? mutate(rand) : (seeds[rand() % seeds.length] as Uint8Array);
      const cut = rand() % (chunk.length + 1);
      for (const part of [chunk.subarray(0, cut), chunk.subarray(cut)]) {
        for (const item of framer.push(part)) {
          if (item.ok) messages++;
          else {
            errors++;
            check(item, Number.MAX_SAFE_INTEGER);
          }
        }
      }
      expect(framer.buffered).toBeLessThanOrEqual(64 * 1024);
      if (framer.failed !== null) framer = createBmpFramer({ maxMessageLength: 64 * 1024 });
    }
    expect(messages).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
    const grown = heapUsed() - before;
    expect(grown, `heap grew by ${grown} bytes over ${chunks - warm} chunks`).toBeLessThan(HEAP_BOUND);
  });
});
