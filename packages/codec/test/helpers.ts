import { DECODE_ERROR_CODES, encodeBmpMessage, fromHex, type DecodeErrorCode } from '../src/index.js';
import { peerA } from './samples.js';

/** Every code the README lists (checked in error-codes.test.ts); tests assert errors use only these. */
export const ALL_CODES: readonly DecodeErrorCode[] = DECODE_ERROR_CODES;

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u16(n: number): Uint8Array {
  return Uint8Array.from([n >> 8, n & 0xff]);
}

function u32(n: number): Uint8Array {
  return Uint8Array.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

/** A BGP message: marker, correct length, `type`, then the hex body. */
export function bgp(type: number, bodyHex: string): Uint8Array {
  const body = fromHex(bodyHex);
  return concat(new Uint8Array(16).fill(0xff), u16(19 + body.length), Uint8Array.of(type), body);
}

/** A BMP message of `type` with a correct common header around `body`. */
export function bmp(type: number, body: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(3), u32(6 + body.length), Uint8Array.of(type), body);
}

/** The 42-byte per-peer header of sample peer A. */
export const PEER_A_HEADER: Uint8Array = encodeBmpMessage({ type: 'peer-down', peer: peerA, reason: { kind: 'peer-de-configured', code: 5 } }).slice(6, 48);

/** Route Monitoring for peer A carrying a BGP message whose body is `bodyHex`. */
export function rm(bodyHex: string, bgpType = 2): Uint8Array {
  return bmp(0, concat(PEER_A_HEADER, bgp(bgpType, bodyHex)));
}

/** Rewrite the 4-byte BMP length so the message declares exactly its own size. */
export function withOwnLength(b: Uint8Array): Uint8Array {
  const out = b.slice();
  if (out.length >= 5) out.set(u32(out.length), 1);
  return out;
}
