import { describe, expect, it } from 'vitest';
import { parseParamValue, parseIpv6, maskLength } from '@bmp-lab/cli-engine';
import type { ParamType } from '@bmp-lab/cli-engine';

const tok = (value: string, quoted = false) => ({ raw: quoted ? `"${value}"` : value, value, quoted, start: 0 });
const parse = (type: ParamType, v: string, quoted = false) => parseParamValue(type, tok(v, quoted));

describe('parameter value rules', () => {
  it('IPv6 in VRP form (compressed, upper case)', () => {
    expect(parseIpv6('2001:db8:1::1')).toBe('2001:DB8:1::1');
    expect(parseIpv6('2001:0db8:0:0:0:0:0:1')).toBe('2001:DB8::1');
    expect(parseIpv6('::')).toBe('::');
    expect(parseIpv6('::ffff:10.1.1.1')).toBe('::FFFF:A01:101');
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    for (const bad of ['1:2:3', '1::2::3', '12345::1', '10.1.1.1', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(parseIpv6(bad)).toBeUndefined();
  });
  it('masks, AS numbers, route distinguishers, interfaces, passwords', () => {
    expect(maskLength('255.255.255.0')).toBe(24);
    expect(maskLength('255.0.255.0')).toBeUndefined();
    expect(parse({ kind: 'as-number' }, '100')).toBe(100);
    expect(parse({ kind: 'as-number' }, '1.10')).toBe(65546);
    expect(parse({ kind: 'as-number' }, '0')).toBeUndefined();
    expect(parse({ kind: 'as-number' }, '4294967296')).toBeUndefined();
    expect(parse({ kind: 'route-distinguisher' }, '100:1')).toBe('100:1');
    expect(parse({ kind: 'route-distinguisher' }, '1.1.1.1:5')).toBe('1.1.1.1:5');
    expect(parse({ kind: 'route-distinguisher' }, '100')).toBeUndefined();
    expect(parse({ kind: 'interface-name' }, 'loopback0')).toBe('LoopBack0');
    expect(parse({ kind: 'interface-name' }, 'GigabitEthernet0/3/6')).toBe('GigabitEthernet0/3/6');
    expect(parse({ kind: 'interface-name' }, 'Foo0')).toBeUndefined();
    const pw: ParamType = { kind: 'password', plainMin: 1, plainMax: 255, cipherMin: 20, cipherMax: 432 };
    expect(parse(pw, 'Huawei@123')).toBe('Huawei@123');
    expect(parse(pw, 'x'.repeat(256))).toBeUndefined();
    expect(parse(pw, 'two words', true)).toBe('two words');
    expect(parse({ kind: 'ipv4', forbidden: ['0.0.0.0'] }, '0.0.0.0')).toBeUndefined();
  });
  it('communities aa:nn and names that may not be all digits', () => {
    expect(parse({ kind: 'community' }, '100:1')).toBe('100:1');
    expect(parse({ kind: 'community' }, '0065535:007')).toBeUndefined();
    expect(parse({ kind: 'community' }, '65535:0065')).toBe('65535:65');
    expect(parse({ kind: 'community' }, '65536:1')).toBeUndefined();
    expect(parse({ kind: 'community' }, '100')).toBeUndefined();
    const name: ParamType = { kind: 'string', min: 1, max: 51, caseSensitive: true, notAllDigits: true };
    expect(parse(name, 'CUST1')).toBe('CUST1');
    expect(parse(name, '123')).toBeUndefined();
  });
});
