/** Bytes from the server's hex text (whitespace and separators tolerated). */
export function parseHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(Math.floor(clean.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function byteHex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Printable ASCII for the hex dump's right column. */
export function byteChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·';
}

/** Whether byte `i` lies in the highlighted field. */
export function inRange(i: number, range: { offset: number; length: number } | null): boolean {
  return range !== null && i >= range.offset && i < range.offset + range.length;
}
