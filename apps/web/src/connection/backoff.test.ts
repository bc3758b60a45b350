import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from 0.5 s and caps at 8 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50, 10_000].map(backoffDelay)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });
});
