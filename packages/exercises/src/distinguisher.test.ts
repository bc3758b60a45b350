import { describe, expect, it } from 'vitest';
import { distinguisherText } from './distinguisher.js';

describe('distinguisherText (RFC 4364 §4.2 encodings, as VRP types an RD)', () => {
  it('reads types 0, 1 and 2; zero is no RD', () => {
    expect(distinguisherText('0000006400000001')).toBe('100:1');
    expect(distinguisherText('0001010101010007')).toBe('1.1.1.1:7');
    expect(distinguisherText('0002000100000009')).toBe('65536:9');
    expect(distinguisherText('0000000000000000')).toBeNull();
    expect(distinguisherText('not hex')).toBeNull();
    expect(distinguisherText('0009aabbccddeeff')).toBe('9:aabbccddeeff');
  });
});
