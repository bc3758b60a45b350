import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { decodeUtf8, encodeUtf8 } from '../bytes/utf8.js';
import { ok, type Result } from '../errors.js';
import { INFORMATION_TLV_LABELS, readTlv, recordTlvValue, writeTlv } from './information-tlv.js';

/** RFC 7854 §4.4 / IANA "BMP Initiation and Peer Up Information TLVs". */
export const INITIATION_TLV_TYPE = {
  STRING: 0,
  SYS_DESCR: 1,
  SYS_NAME: 2,
} as const;

export type InitiationTlv = { type: 'string' | 'sysDescr' | 'sysName'; value: string } | { type: 'unknown'; code: number; value: Uint8Array };

/** RFC 7854 §4.3 Initiation message: TLVs only, no per-peer header. */
export interface InitiationMessage {
  type: 'initiation';
  tlvs: InitiationTlv[];
}

const NAMES = ['string', 'sysDescr', 'sysName'] as const;

export function readInitiation(r: ByteReader): Result<InitiationMessage> {
  const tlvs: InitiationTlv[] = [];
  while (!r.atEnd) {
    const tlv = readTlv(r, 'initiation TLV', 'information TLV', INFORMATION_TLV_LABELS);
    if (tlv === null) return r.failure();
    const bytes = tlv.value.bytesCopy(tlv.value.remaining, 'initiation TLV value') ?? new Uint8Array(0);
    const name = NAMES[tlv.code];
    const item: InitiationTlv = name === undefined ? { type: 'unknown', code: tlv.code, value: bytes } : { type: name, value: decodeUtf8(bytes) };
    recordTlvValue(tlv.value, item.value);
    tlvs.push(item);
  }
  return ok({ type: 'initiation', tlvs });
}

export function writeInitiation(w: ByteWriter, m: InitiationMessage): void {
  for (const t of m.tlvs) {
    if (t.type === 'unknown') writeTlv(w, t.code, t.value, 'initiation TLV');
    else writeTlv(w, INITIATION_TLV_TYPE[t.type === 'string' ? 'STRING' : t.type === 'sysDescr' ? 'SYS_DESCR' : 'SYS_NAME'], encodeUtf8(t.value), 'initiation TLV');
  }
}
