import { describe, expect, it } from 'vitest';
import { ipv4ToNumber } from './ipv4.js';

describe('ipv4ToNumber (the web copy)', () => {
  it('reads dotted decimal as a number, a leading zero as decimal', () => {
    expect(ipv4ToNumber('0.0.0.0')).toBe(0);
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4ToNumber('010.1.2.3')).toBe(0x0a010203);
  });

  it('gives null for anything else', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.0004', ' 1.2.3.4', '1..2.3', '2001:db8::1', 'r1']) expect(ipv4ToNumber(bad), bad).toBeNull();
  });
});
