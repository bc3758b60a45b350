import { describe, expect, it } from 'vitest';
import { formatIpv6, ipv4ToNumber, ipv4ToNumberAllowingLeadingZeros, ipv6ToBytes, isIpv6, numberToIpv4, scanIpv4 } from '../src/index.js';

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

describe('IPv6 text to bytes', () => {
  const hex = (text: string) => Buffer.from(ipv6ToBytes(text)).toString('hex');

  it('reads every RFC 4291 text form: full, with ::, either case, a trailing dotted quad', () => {
    expect(hex('2001:DB8:0:0:8:800:200C:417A')).toBe('20010db80000000000080800200c417a');
    expect(hex('2001:db8::8:800:200c:417a')).toBe('20010db80000000000080800200c417a');
    expect(hex('::')).toBe('0'.repeat(32));
    expect(hex('::1')).toBe(`${'0'.repeat(31)}1`);
    expect(hex('1::')).toBe(`0001${'0'.repeat(28)}`);
    expect(hex('1:2:3:4:5:6:7::')).toBe('00010002000300040005000600070000');
    expect(hex('::2:3:4:5:6:7:8')).toBe('00000002000300040005000600070008');
    expect(hex('::ffff:192.0.2.1')).toBe('00000000000000000000ffffc0000201');
    expect(hex('1:2:3:4:5:6:192.0.2.1')).toBe('000100020003000400050006c0000201');
    // What the encoders see most: a /64 of the documentation prefix, back to the same text.
    expect(formatIpv6(ipv6ToBytes('2001:db8:10:423f::'))).toBe('2001:db8:10:423f::');
  });

  it('refuses what is not an address, and a dotted quad anywhere but at the end', () => {
    for (const bad of [
      '',
      ':',
      ':::',
      '1:',
      ':1',
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8::',
      '::1:2:3:4:5:6:7:8',
      '12345::',
      'g::',
      ' ::1',
      '::1 ',
      '::ffff:1.2.3',
      '::ffff:256.0.0.1',
      '::ffff:01.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4',
      '1.2.3.4::',
      '1:2:1.2.3.4::',
      '::1.2.3.4:1',
      `${'0:'.repeat(22)}1`,
    ]) {
      expect(isIpv6(bad), bad).toBe(false);
      expect(() => ipv6ToBytes(bad), bad).toThrow(RangeError);
    }
  });
});
