import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { decodeUtf8, encodeUtf8 } from '../bytes/utf8.js';
import { ok, type Result } from '../errors.js';

/**
 * The Information TLV layout shared by Initiation, Termination, Peer Up and
 * Route Mirroring (RFC 7854 §4.4): 2-octet type, 2-octet length, value.
 */
export interface RawTlv {
  code: number;
  /** Offset of the TLV's type field. */
  offset: number;
  /** Reader over exactly the value. */
  value: ByteReader;
}

/** Splits the rest of `r` into TLVs; a length past the end of the message is BMP_BAD_TLV_LENGTH. */
export function readTlvs(r: ByteReader, field: string): Result<RawTlv[]> {
  const out: RawTlv[] = [];
  while (!r.atEnd) {
    const offset = r.offset;
    const code = r.u16(`${field}.type`);
    if (code < 0) return r.failure();
    const len = r.u16(`${field}.length`);
    if (len < 0) return r.failure();
    const value = r.sub(len, `${field} (type ${code}) value`, 'BMP_BAD_TLV_LENGTH');
    if (value === null) return r.failure();
    out.push({ code, offset, value });
  }
  return ok(out);
}

export function writeTlv(w: ByteWriter, code: number, value: Uint8Array, field: string): void {
  w.u16(code, `${field}.type`).u16(value.length, `${field}.length`).bytes(value);
}

/** Write a TLV whose value is produced by `body` (length patched afterwards). */
export function writeTlvWith(w: ByteWriter, code: number, field: string, body: () => void): void {
  w.u16(code, `${field}.type`);
  const at = w.reserve(2);
  const start = w.length;
  body();
  w.patchU16(at, w.length - start, `${field}.length`);
}

/** RFC 7854 §4.4, RFC 9069 §5.1 (3), RFC 8671 §5 (4) / IANA "BMP Initiation and Peer Up Information TLVs". */
export const INFORMATION_TLV_TYPE = {
  STRING: 0,
  SYS_DESCR: 1,
  SYS_NAME: 2,
  VRF_TABLE_NAME: 3,
  ADMIN_LABEL: 4,
} as const;

/** Peer Up (and Peer Down reason 6) information TLVs. */
export type InformationTlv =
  | { type: 'string' | 'sysDescr' | 'sysName' | 'vrfTableName' | 'adminLabel'; value: string }
  | { type: 'unknown'; code: number; value: Uint8Array };

const INFO_NAMES = ['string', 'sysDescr', 'sysName', 'vrfTableName', 'adminLabel'] as const;

export function readInformationTlvs(r: ByteReader, field: string): Result<InformationTlv[]> {
  const raw = readTlvs(r, field);
  if (!raw.ok) return raw;
  return ok(
    raw.value.map(({ code, value }): InformationTlv => {
      const bytes = value.bytesCopy(value.remaining, `${field} value`) ?? new Uint8Array(0);
      const name = INFO_NAMES[code];
      return name === undefined ? { type: 'unknown', code, value: bytes } : { type: name, value: decodeUtf8(bytes) };
    }),
  );
}

export function writeInformationTlvs(w: ByteWriter, tlvs: readonly InformationTlv[], field: string): void {
  for (const t of tlvs) {
    if (t.type === 'unknown') writeTlv(w, t.code, t.value, field);
    else writeTlv(w, INFO_NAMES.indexOf(t.type), encodeUtf8(t.value), field);
  }
}
