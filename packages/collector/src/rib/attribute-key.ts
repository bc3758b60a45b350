import type { PathAttribute, PrefixList } from '@bmp-lab/codec';

/** BMP common header (6) + per-peer header (42): where the BGP message of a Route Monitoring starts. */
const BGP_AT = 48;
/** BGP header: marker (16), length (2), type (1). */
const BGP_HEADER = 19;
const MP_REACH_NLRI = 14;
const MP_UNREACH_NLRI = 15;

/**
 * The interning key of a Route Monitoring's attribute set: its path
 * attributes as sent, one character per byte, without what names prefixes
 * (MP_REACH_NLRI keeps its AFI, SAFI and next hop but not its NLRI;
 * MP_UNREACH_NLRI is left out). Two UPDATEs whose routes share every
 * attribute get the same key whatever prefixes they carry. Call it on a
 * message that decoded (the lengths hold together).
 */
export function attributeKey(bytes: Uint8Array): string {
  const w = BGP_AT + BGP_HEADER;
  const withdrawnLength = ((bytes[w] as number) << 8) | (bytes[w + 1] as number);
  const at = w + 2 + withdrawnLength;
  const end = Math.min(bytes.length, at + 2 + (((bytes[at] as number) << 8) | (bytes[at + 1] as number)));
  let key = '';
  let from = at + 2;
  for (let i = from; i + 3 <= end;) {
    const flags = bytes[i] as number;
    const code = bytes[i + 1] as number;
    const extended = (flags & 0x10) !== 0;
    const valueAt = i + (extended ? 4 : 3);
    const length = extended ? ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number) : (bytes[i + 2] as number);
    const next = valueAt + length;
    if (code === MP_REACH_NLRI || code === MP_UNREACH_NLRI) {
      key += chars(bytes, from, i);
      // MP_REACH_NLRI: AFI (2), SAFI (1), next hop length (1), next hop; the rest is NLRI.
      if (code === MP_REACH_NLRI && length >= 4) key += '\u0100' + chars(bytes, valueAt, Math.min(next, valueAt + 4 + (bytes[valueAt + 3] as number)));
      from = next;
    }
    i = next;
  }
  return key + chars(bytes, from, end);
}

function chars(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 4096) s += String.fromCharCode.apply(null, b.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  return s;
}

/** What an attribute set keeps of an UPDATE's attributes: everything but the prefixes. */
export function attributesWithoutPrefixes(attributes: readonly PathAttribute<PrefixList>[]): readonly PathAttribute[] {
  const out: PathAttribute[] = [];
  for (const a of attributes) {
    if (a.type === 'mpUnreachNlri') continue;
    out.push(a.type === 'mpReachNlri' ? { ...a, nlri: [] } : a);
  }
  return out;
}
