/**
 * A route distinguisher as VRP prints it (`route-distinguisher 100:1`), from
 * the 8 bytes a BMP per-peer header carries as 16 hex digits (RFC 4364 §4.2:
 * type 0 `2-byte-ASN:4-byte-number`, type 1 `IPv4:2-byte-number`, type 2
 * `4-byte-ASN:2-byte-number`). Null for all zeros (the global instance) or
 * what is not 16 hex digits; an unknown type as `TYPE:hex`.
 */
export function distinguisherText(hex: string): string | null {
  if (!/^[0-9a-fA-F]{16}$/.test(hex) || /^0+$/.test(hex)) return null;
  const n = (from: number, to: number) => parseInt(hex.slice(from, to), 16);
  switch (n(0, 4)) {
    case 0:
      return `${n(4, 8)}:${n(8, 16)}`;
    case 1:
      return `${[4, 6, 8, 10].map((i) => n(i, i + 2)).join('.')}:${n(12, 16)}`;
    case 2:
      return `${n(4, 12)}:${n(12, 16)}`;
    default:
      return `${n(0, 4)}:${hex.slice(4).toLowerCase()}`;
  }
}
