import { isIpv4 } from '@bmp-lab/codec';

/**
 * A route distinguisher as typed (`100:1`, `1.1.1.1:5`, `4200000000:7`) in
 * its 8-octet wire form, as 16 lower-case hex digits (the codec's form of a
 * per-peer header's Peer Distinguisher). RFC 4364 §4.2: a 2-octet type, then
 * type 0 = 2-octet ASN : 4-octet number, type 1 = IPv4 address : 2-octet
 * number, type 2 = 4-octet ASN : 2-octet number. Null for text that is none
 * of these (the command parser accepts only these, so that means a bug or a
 * hand-edited configuration).
 */
export function distinguisherHex(rd: string): string | null {
  const i = rd.lastIndexOf(':');
  if (i <= 0) return null;
  const admin = rd.slice(0, i);
  const numText = rd.slice(i + 1);
  if (!/^\d{1,10}$/.test(numText)) return null;
  const num = Number(numText);
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
  if (isIpv4(admin)) {
    if (num > 0xffff) return null;
    return (
      '0001' +
      admin
        .split('.')
        .map((o) => hex(Number(o), 2))
        .join('') +
      hex(num, 4)
    );
  }
  if (!/^\d{1,10}$/.test(admin)) return null;
  const asn = Number(admin);
  if (asn <= 0xffff) return num <= 0xffffffff ? '0000' + hex(asn, 4) + hex(num, 8) : null;
  return asn <= 0xffffffff && num <= 0xffff ? '0002' + hex(asn, 8) + hex(num, 4) : null;
}
