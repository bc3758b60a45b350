/**
 * UTF-8 without TextEncoder/TextDecoder (not in lib ES2022; the codec uses no
 * DOM or Node types). Decoding is lenient, like TextDecoder: each malformed
 * sequence becomes U+FFFD, so a router's odd sysDescr never fails a message.
 */

export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

export function decodeUtf8(b: Uint8Array): string {
  let s = '';
  let i = 0;
  const cont = (k: number): number => {
    const x = b[k];
    return x !== undefined && (x & 0xc0) === 0x80 ? x & 0x3f : -1;
  };
  while (i < b.length) {
    const c = b[i] as number;
    let cp = -1;
    let n = 1;
    if (c < 0x80) cp = c;
    else if (c >= 0xc2 && c <= 0xdf) {
      const c1 = cont(i + 1);
      if (c1 >= 0) {
        cp = ((c & 0x1f) << 6) | c1;
        n = 2;
      }
    } else if (c >= 0xe0 && c <= 0xef) {
      const c1 = cont(i + 1);
      const c2 = cont(i + 2);
      const v = ((c & 0x0f) << 12) | (c1 << 6) | c2;
      if (c1 >= 0 && c2 >= 0 && v >= 0x800 && (v < 0xd800 || v > 0xdfff)) {
        cp = v;
        n = 3;
      }
    } else if (c >= 0xf0 && c <= 0xf4) {
      const c1 = cont(i + 1);
      const c2 = cont(i + 2);
      const c3 = cont(i + 3);
      const v = ((c & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (c1 >= 0 && c2 >= 0 && c3 >= 0 && v >= 0x10000 && v <= 0x10ffff) {
        cp = v;
        n = 4;
      }
    }
    s += cp < 0 ? '\ufffd' : String.fromCodePoint(cp);
    i += n;
  }
  return s;
}
