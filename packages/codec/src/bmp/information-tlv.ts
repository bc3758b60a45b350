import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { codeLabel } from '../bytes/spans.js';
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

/**
 * Reads one TLV header and takes its value (a length past the end of the
 * message is BMP_BAD_TLV_LENGTH); `null` means `r.failure()` holds the error.
 * A dissection gets a `label` node (value: the type's name from `names`)
 * with its type and length; the caller records the value and closes it.
 */
export function readTlv(r: ByteReader, field: string, label: string, names: Readonly<Record<number, string>>): RawTlv | null {
  const offset = r.offset;
  const code = r.u16(`${field}.type`);
  if (code < 0) return null;
  const len = r.u16(`${field}.length`);
  if (len < 0) return null;
  const value = r.sub(len, `${field} (type ${code}) value`, 'BMP_BAD_TLV_LENGTH');
  if (value === null) return null;
  const t = r.spans;
  if (t !== null) {
    t.open(label, value.end, names[code] ?? `type ${code}`);
    t.field('type', offset + 2, codeLabel(names[code], code));
    t.field('length', offset + 4, len);
  }
  return { code, offset, value };
}

/** In a dissection, records a TLV's value (text, or hex for opaque bytes) and closes the TLV. */
export function recordTlvValue(v: ByteReader, value: string | Uint8Array | number): void {
  const t = v.spans;
  if (t === null) return;
  t.field('value', v.end, typeof value === 'object' ? toHex(value) : value);
  t.close();
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
export type InformationTlv = { type: 'string' | 'sysDescr' | 'sysName' | 'vrfTableName' | 'adminLabel'; value: string } | { type: 'unknown'; code: number; value: Uint8Array };

const INFO_NAMES = ['string', 'sysDescr', 'sysName', 'vrfTableName', 'adminLabel'] as const;
/** Information TLV types as the tree shows them (Initiation uses the first three). */
export const INFORMATION_TLV_LABELS: Readonly<Record<number, string>> = { 0: 'string', 1: 'sysDescr', 2: 'sysName', 3: 'VRF/table name', 4: 'admin label' };

export function readInformationTlvs(r: ByteReader, field: string): Result<InformationTlv[]> {
  const out: InformationTlv[] = [];
  while (!r.atEnd) {
    const tlv = readTlv(r, field, 'information TLV', INFORMATION_TLV_LABELS);
    if (tlv === null) return r.failure();
    const bytes = tlv.value.bytesCopy(tlv.value.remaining, `${field} value`) ?? new Uint8Array(0);
    const name = INFO_NAMES[tlv.code];
    const item: InformationTlv = name === undefined ? { type: 'unknown', code: tlv.code, value: bytes } : { type: name, value: decodeUtf8(bytes) };
    recordTlvValue(tlv.value, item.value);
    out.push(item);
  }
  return ok(out);
}

export function writeInformationTlvs(w: ByteWriter, tlvs: readonly InformationTlv[], field: string): void {
  for (const t of tlvs) {
    if (t.type === 'unknown') writeTlv(w, t.code, t.value, field);
    else writeTlv(w, INFO_NAMES.indexOf(t.type), encodeUtf8(t.value), field);
  }
}
