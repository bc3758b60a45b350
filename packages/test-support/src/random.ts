/**
 * Marsaglia's xorshift32: a small seeded generator, so a randomized test
 * replays exactly from its seed. Each call gives the next unsigned 32-bit
 * value; a zero seed (which would stay zero forever) is taken as 1.
 */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** The same sequence as a number in [0, 1), like Math.random but seeded. */
export function seededRandom(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 0x100000000;
}
