import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { codeLabel, namesOf, spaced } from '../bytes/spans.js';
import { ok, type Result } from '../errors.js';
import { CEASE_SUBCODE, NOTIFICATION_ERROR_CODE, OPEN_MESSAGE_ERROR_SUBCODE } from './notification-codes.js';

export {
  CEASE_SUBCODE,
  MESSAGE_HEADER_ERROR_SUBCODE,
  NOTIFICATION_ERROR_CODE,
  OPEN_MESSAGE_ERROR_SUBCODE,
  UNSPECIFIC_SUBCODE,
  UPDATE_MESSAGE_ERROR_SUBCODE,
  type NotificationCode,
} from './notification-codes.js';

/** RFC 4271 §4.5 NOTIFICATION message. */
export interface NotificationMessage {
  type: 'notification';
  code: number;
  subcode: number;
  data: Uint8Array;
}

const ERROR_LABELS = namesOf(NOTIFICATION_ERROR_CODE, spaced);
const SUBCODE_LABELS: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  [NOTIFICATION_ERROR_CODE.OPEN_MESSAGE_ERROR]: namesOf(OPEN_MESSAGE_ERROR_SUBCODE, spaced),
  [NOTIFICATION_ERROR_CODE.CEASE]: namesOf(CEASE_SUBCODE, spaced),
};

export function readNotification(r: ByteReader): Result<NotificationMessage> {
  const t = r.spans;
  const code = r.u8('NOTIFICATION.error code');
  if (code < 0) return r.failure();
  t?.field('error code', r.offset, codeLabel(ERROR_LABELS[code], code));
  const subcode = r.u8('NOTIFICATION.error subcode');
  if (subcode < 0) return r.failure();
  if (t !== null) {
    const label = SUBCODE_LABELS[code]?.[subcode];
    t.field('error subcode', r.offset, label === undefined ? subcode : codeLabel(label, subcode));
  }
  const data = r.bytesCopy(r.remaining, 'NOTIFICATION.data');
  if (data === null) return r.failure();
  t?.field('data', r.offset, toHex(data));
  return ok({ type: 'notification', code, subcode, data });
}

export function writeNotification(w: ByteWriter, m: NotificationMessage): void {
  w.u8(m.code, 'NOTIFICATION.error code').u8(m.subcode, 'NOTIFICATION.error subcode').bytes(m.data);
}
