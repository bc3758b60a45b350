import { describe, expect, it } from 'vitest';
import { ipv4ToNumber, ipv4ToNumberAllowingLeadingZeros, numberToIpv4, scanIpv4 } from '../src/index.js';

describe('IPv4 text to number', () => {
  it('reads dotted decimal, the ends included', () => {
    expect(ipv4ToNumber('0.0.0.0')).toBe(0);
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4ToNumber('10.1.2.3')).toBe(0x0a010203);
    expect(numberToIpv4(0xc0000201)).toBe('192.0.2.1');
  });

  it('refuses a leading zero unless asked, and reads it as decimal when asked', () => {
    expect(ipv4ToNumber('010.0.0.1')).toBeUndefined();
    expect(ipv4ToNumberAllowingLeadingZeros('010.0.0.1')).toBe(0x0a000001);
    expect(ipv4ToNumberAllowingLeadingZeros('000.000.000.000')).toBe(0);
  });

  it('refuses what is not four octets of 1-3 digits up to 255, in either form', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.0004', ' 1.2.3.4', '1.2.3.4 ', '1..2.3', '+1.2.3.4', '1.2.3.a', '0x1.2.3.4']) {
      expect(ipv4ToNumber(bad), bad).toBeUndefined();
      expect(ipv4ToNumberAllowingLeadingZeros(bad), bad).toBeUndefined();
    }
  });

  it('reads an address inside a longer text in place', () => {
    const prefix = '198.51.100.0/24';
    expect(scanIpv4(prefix, 0, prefix.indexOf('/'))).toBe(0xc6336400);
    expect(scanIpv4(prefix)).toBe(-1);
  });
});
