import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { codeLabel, namesOf, spaced } from '../bytes/spans.js';
import { ok, type Result } from '../errors.js';

/** RFC 4271 §4.5 / IANA "BGP Error (Notification) Codes". */
export const NOTIFICATION_ERROR_CODE = {
  MESSAGE_HEADER_ERROR: 1,
  OPEN_MESSAGE_ERROR: 2,
  UPDATE_MESSAGE_ERROR: 3,
  HOLD_TIMER_EXPIRED: 4,
  FINITE_STATE_MACHINE_ERROR: 5,
  /** RFC 4486 subcodes below. */
  CEASE: 6,
  /** RFC 7313 §5. */
  ROUTE_REFRESH_MESSAGE_ERROR: 7,
} as const;

/** RFC 4486 §4 / IANA "BGP Cease NOTIFICATION message subcodes". */
export const CEASE_SUBCODE = {
  MAXIMUM_NUMBER_OF_PREFIXES_REACHED: 1,
  ADMINISTRATIVE_SHUTDOWN: 2,
  PEER_DE_CONFIGURED: 3,
  ADMINISTRATIVE_RESET: 4,
  CONNECTION_REJECTED: 5,
  OTHER_CONFIGURATION_CHANGE: 6,
  CONNECTION_COLLISION_RESOLUTION: 7,
  OUT_OF_RESOURCES: 8,
  /** RFC 8538 §5. */
  HARD_RESET: 9,
} as const;

/** RFC 4271 §6.2 / IANA "OPEN Message Error subcodes". */
export const OPEN_MESSAGE_ERROR_SUBCODE = {
  UNSUPPORTED_VERSION_NUMBER: 1,
  BAD_PEER_AS: 2,
  BAD_BGP_IDENTIFIER: 3,
  UNSUPPORTED_OPTIONAL_PARAMETER: 4,
  UNACCEPTABLE_HOLD_TIME: 6,
  /** RFC 5492 §5. */
  UNSUPPORTED_CAPABILITY: 7,
} as const;

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
