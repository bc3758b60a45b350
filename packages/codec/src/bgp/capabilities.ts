import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { codeLabel, namesOf, spaced } from '../bytes/spans.js';
import { fail, ok, type Failure, type Result } from '../errors.js';

/**
 * BGP capabilities (RFC 5492 §4), carried in OPEN optional parameter type 2.
 * Codes are from the IANA "Capability Codes" registry.
 */
export const CAPABILITY_CODE = {
  /** RFC 4760 §8: Multiprotocol Extensions for BGP-4. */
  MULTIPROTOCOL: 1,
  /** RFC 2918 §2: Route Refresh. */
  ROUTE_REFRESH: 2,
  /** RFC 8654 §3: BGP Extended Message. */
  EXTENDED_MESSAGE: 6,
  /** RFC 4724 §3: Graceful Restart (kept opaque). */
  GRACEFUL_RESTART: 64,
  /** RFC 6793 §3: Support for 4-octet AS number. */
  FOUR_OCTET_AS: 65,
  /** RFC 7911 §4: ADD-PATH. */
  ADD_PATH: 69,
} as const;

/** Capability codes as the tree shows them: the ones above, and a few more from the IANA registry that stay opaque. */
const CAPABILITY_LABELS: Readonly<Record<number, string>> = {
  ...namesOf(CAPABILITY_CODE, spaced),
  5: 'extended next hop',
  70: 'enhanced route refresh',
  71: 'long-lived graceful restart',
  73: 'FQDN',
  128: 'route refresh (old)',
};

/** RFC 7911 §4 Send/Receive field. */
export const ADD_PATH_SEND_RECEIVE = { RECEIVE: 1, SEND: 2, BOTH: 3 } as const;

export interface AddPathEntry {
  afi: number;
  safi: number;
  /** 1 receive, 2 send, 3 both. */
  sendReceive: number;
}

export type Capability =
  | { type: 'multiprotocol'; afi: number; safi: number }
  | { type: 'routeRefresh' }
  | { type: 'extendedMessage' }
  | { type: 'fourOctetAs'; asn: number }
  | { type: 'addPath'; entries: AddPathEntry[] }
  /** Any other capability (graceful restart included), value kept as sent. */
  | { type: 'unknown'; code: number; value: Uint8Array };

/** Reads capabilities until the reader's range (one optional parameter value) ends. */
export function readCapabilities(r: ByteReader, field: string): Result<Capability[]> {
  const t = r.spans;
  const caps: Capability[] = [];
  while (!r.atEnd) {
    const at = r.offset;
    const code = r.u8(`${field}.capability code`);
    if (code < 0) return r.failure();
    const len = r.u8(`${field}.capability length`);
    if (len < 0) return r.failure();
    const v = r.sub(len, `${field}.capability ${code} value`, 'BGP_BAD_CAPABILITY_LENGTH');
    if (v === null) return r.failure();
    if (t !== null) {
      t.open('capability', v.end, CAPABILITY_LABELS[code] ?? `capability ${code}`);
      t.field('capability code', at + 1, codeLabel(CAPABILITY_LABELS[code], code));
      t.field('capability length', at + 2, len);
    }
    const cap = readCapability(v, code, len, at, `${field}.capability ${code}`);
    if (!cap.ok) return cap;
    t?.close();
    caps.push(cap.value);
  }
  return ok(caps);
}

function badLength(at: number, field: string, len: number, expected: string): Failure {
  return fail('BGP_BAD_CAPABILITY_LENGTH', at, field, `Capability at offset ${at} has length ${len}, expected ${expected}.`);
}

function readCapability(v: ByteReader, code: number, len: number, at: number, field: string): Result<Capability> {
  const t = v.spans;
  switch (code) {
    case CAPABILITY_CODE.MULTIPROTOCOL: {
      if (len !== 4) return badLength(at, field, len, '4');
      const afi = v.u16(`${field}.afi`);
      const reserved = v.u8(`${field}.reserved`);
      const safi = v.u8(`${field}.safi`);
      if (t !== null) {
        t.field('AFI', at + 4, afi);
        t.field('reserved', at + 5, reserved);
        t.field('SAFI', at + 6, safi);
      }
      return ok({ type: 'multiprotocol', afi, safi });
    }
    case CAPABILITY_CODE.ROUTE_REFRESH:
      if (len !== 0) return badLength(at, field, len, '0');
      return ok({ type: 'routeRefresh' });
    case CAPABILITY_CODE.EXTENDED_MESSAGE:
      if (len !== 0) return badLength(at, field, len, '0');
      return ok({ type: 'extendedMessage' });
    case CAPABILITY_CODE.FOUR_OCTET_AS: {
      if (len !== 4) return badLength(at, field, len, '4');
      const asn = v.u32(`${field}.asn`);
      t?.field('AS', v.offset, asn);
      return ok({ type: 'fourOctetAs', asn });
    }
    case CAPABILITY_CODE.ADD_PATH: {
      if (len % 4 !== 0) return badLength(at, field, len, 'a multiple of 4');
      const entries: AddPathEntry[] = [];
      while (!v.atEnd) {
        const e = v.offset;
        const entry = { afi: v.u16(`${field}.afi`), safi: v.u8(`${field}.safi`), sendReceive: v.u8(`${field}.send/receive`) };
        if (t !== null) {
          t.open('ADD-PATH family', e + 4);
          t.field('AFI', e + 2, entry.afi);
          t.field('SAFI', e + 3, entry.safi);
          t.field('send/receive', e + 4, entry.sendReceive);
          t.close();
        }
        entries.push(entry);
      }
      return ok({ type: 'addPath', entries });
    }
    default: {
      const value = v.bytesCopy(len, `${field}.value`);
      if (value === null) return v.failure();
      t?.field('value', v.end, toHex(value));
      return ok({ type: 'unknown', code, value });
    }
  }
}

export function writeCapability(w: ByteWriter, cap: Capability): void {
  const f = 'capability';
  switch (cap.type) {
    case 'multiprotocol':
      w.u8(CAPABILITY_CODE.MULTIPROTOCOL, f).u8(4, f).u16(cap.afi, `${f}.afi`).u8(0, f).u8(cap.safi, `${f}.safi`);
      return;
    case 'routeRefresh':
      w.u8(CAPABILITY_CODE.ROUTE_REFRESH, f).u8(0, f);
      return;
    case 'extendedMessage':
      w.u8(CAPABILITY_CODE.EXTENDED_MESSAGE, f).u8(0, f);
      return;
    case 'fourOctetAs':
      w.u8(CAPABILITY_CODE.FOUR_OCTET_AS, f).u8(4, f).u32(cap.asn, `${f}.asn`);
      return;
    case 'addPath':
      w.u8(CAPABILITY_CODE.ADD_PATH, f).u8(cap.entries.length * 4, `${f}.length`);
      for (const e of cap.entries) w.u16(e.afi, `${f}.afi`).u8(e.safi, `${f}.safi`).u8(e.sendReceive, `${f}.send/receive`);
      return;
    case 'unknown':
      w.u8(cap.code, `${f}.code`).u8(cap.value.length, `${f}.length`).bytes(cap.value);
      return;
  }
}
