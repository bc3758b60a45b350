import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { decodeUtf8, encodeUtf8 } from '../bytes/utf8.js';
import { fail, ok, type Result } from '../errors.js';
import { namesOf, spaced } from '../bytes/spans.js';
import { readTlv, recordTlvValue, writeTlv } from './information-tlv.js';

/** RFC 7854 §4.5 / IANA "BMP Termination Message TLVs". */
export const TERMINATION_TLV_TYPE = {
  STRING: 0,
  REASON: 1,
} as const;

/** RFC 7854 §4.5 / IANA "BMP Termination Message Reason Codes". */
export const TERMINATION_REASON = {
  ADMINISTRATIVELY_CLOSED: 0,
  UNSPECIFIED: 1,
  OUT_OF_RESOURCES: 2,
  REDUNDANT_CONNECTION: 3,
  PERMANENTLY_CLOSED: 4,
} as const;

export type TerminationTlv = { type: 'string'; value: string } | { type: 'reason'; reason: number } | { type: 'unknown'; code: number; value: Uint8Array };

/**
 * RFC 7854 §4.5 Termination message. Wireshark 4.0 dissects only the first
 * TLV, so encoders should put the reason first.
 */
export interface TerminationMessage {
  type: 'termination';
  tlvs: TerminationTlv[];
}

const TLV_LABELS = namesOf(TERMINATION_TLV_TYPE, spaced);
const REASON_LABELS = namesOf(TERMINATION_REASON, spaced);

export function readTermination(r: ByteReader): Result<TerminationMessage> {
  const tlvs: TerminationTlv[] = [];
  while (!r.atEnd) {
    const tlv = readTlv(r, 'termination TLV', 'termination TLV', TLV_LABELS);
    if (tlv === null) return r.failure();
    const { code, offset, value } = tlv;
    if (code === TERMINATION_TLV_TYPE.REASON) {
      if (value.remaining !== 2) {
        return fail(
          'BMP_BAD_TLV_VALUE',
          offset + 2,
          'termination TLV reason.length',
          `Termination reason TLV at offset ${offset} has length ${value.remaining}; RFC 7854 §4.5 requires 2.`,
        );
      }
      const reason = value.u16('termination TLV reason');
      if (value.spans !== null) recordTlvValue(value, `${REASON_LABELS[reason] ?? 'unknown'} (${reason})`);
      tlvs.push({ type: 'reason', reason });
      continue;
    }
    const bytes = value.bytesCopy(value.remaining, 'termination TLV value') ?? new Uint8Array(0);
    const item: TerminationTlv = code === TERMINATION_TLV_TYPE.STRING ? { type: 'string', value: decodeUtf8(bytes) } : { type: 'unknown', code, value: bytes };
    recordTlvValue(value, item.value);
    tlvs.push(item);
  }
  return ok({ type: 'termination', tlvs });
}

export function writeTermination(w: ByteWriter, m: TerminationMessage): void {
  for (const t of m.tlvs) {
    if (t.type === 'string') writeTlv(w, TERMINATION_TLV_TYPE.STRING, encodeUtf8(t.value), 'termination TLV string');
    else if (t.type === 'reason') w.u16(TERMINATION_TLV_TYPE.REASON, 'termination TLV.type').u16(2, 'termination TLV.length').u16(t.reason, 'termination reason');
    else writeTlv(w, t.code, t.value, 'termination TLV');
  }
}
