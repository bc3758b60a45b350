/** Lowercase hex <-> bytes, for fixtures, distinguishers and opaque values. */

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX_PAIRS[b[i] as number] as string;
  return s;
}

/** Each octet's two hex digits: every per-peer header's distinguisher is made text with these. */
const HEX_PAIRS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Hex text to bytes; whitespace and `#`/`//` comments to end of line are ignored. Throws if malformed. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/(#|\/\/)[^\n]*/g, '').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not an even-length hex string: '${clean.slice(0, 40)}'`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
