import { ByteReader } from '../bytes/reader.js';
import { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { codeLabel, namesOf } from '../bytes/spans.js';
import { fail, ok, type Result } from '../errors.js';
import { BGP_EXTENDED_MAX_MESSAGE_LENGTH, BGP_HEADER_LENGTH, BGP_MAX_MESSAGE_LENGTH, BGP_MESSAGE_TYPE, type BgpCodecOptions } from './constants.js';
import { readNotification, writeNotification, type NotificationMessage } from './notification.js';
import { readOpen, writeOpen, type OpenMessage } from './open.js';
import { readRouteRefresh, writeRouteRefresh, type RouteRefreshMessage } from './route-refresh.js';
import type { PrefixList } from './prefix-run.js';
import { readUpdate, writeUpdate, type UpdateMessage } from './update.js';

/** RFC 4271 §4.4 KEEPALIVE: the header alone. */
export interface KeepaliveMessage {
  type: 'keepalive';
}

/** A BGP message, discriminated on `type` (`P`: how an UPDATE's prefixes are given, see UpdateMessage). */
export type BgpMessage<P extends PrefixList = string[]> = OpenMessage | UpdateMessage<P> | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;
export type BgpMessageTypeName = BgpMessage['type'];

/** Minimum message length per type (RFC 4271 §4.2–4.5, RFC 2918 §3). */
const MIN_LENGTH: Readonly<Record<number, number>> = { 1: 29, 2: 23, 3: 21, 4: 19, 5: 23 };

/** Type codes as the tree shows them: `OPEN`, ..., `ROUTE-REFRESH`. */
const TYPE_LABELS = namesOf(BGP_MESSAGE_TYPE, (k) => k.replace('_', '-'));

/**
 * Reads one BGP message (header included) from `r`; the message must fit in
 * what remains of `r`. Offsets in errors are those of `r`'s underlying array.
 * `name` is the message's node in a dissection (e.g. `sent OPEN`).
 */
export function readBgpMessage(r: ByteReader, options: BgpCodecOptions = {}, field = 'BGP message', name = 'BGP message'): Result<BgpMessage<PrefixList>> {
  const t = r.spans;
  const start = r.offset;
  const marker = r.view(16, `${field}.marker`);
  if (marker === null) return r.failure();
  for (let i = 0; i < 16; i++) {
    // RFC 4271 §6.1: a marker that is not all ones is "Connection Not Synchronized".
    if (marker[i] !== 0xff) return fail('BGP_BAD_MARKER', start + i, `${field}.marker`, `BGP marker byte at offset ${start + i} is not 0xff.`, 'session-reset');
  }
  const lenAt = r.offset;
  const length = r.u16(`${field}.length`);
  if (length < 0) return r.failure();
  const type = r.u8(`${field}.type`);
  if (type < 0) return r.failure();
  if (t !== null) {
    t.open(name, start + Math.max(length, BGP_HEADER_LENGTH), TYPE_LABELS[type] ?? `type ${type}`);
    t.open('BGP header', start + BGP_HEADER_LENGTH);
    t.field('marker', start + 16, toHex(marker));
    t.field('length', start + 18, length);
    t.field('type', start + BGP_HEADER_LENGTH, codeLabel(TYPE_LABELS[type], type));
    t.close();
  }
  if (length < BGP_HEADER_LENGTH || length > BGP_EXTENDED_MAX_MESSAGE_LENGTH) {
    return fail('BGP_BAD_LENGTH', lenAt, `${field}.length`, `BGP message length ${length} at offset ${lenAt} is below the 19-byte header.`, 'session-reset');
  }
  const min = MIN_LENGTH[type];
  if (min === undefined)
    return fail(
      'BGP_UNKNOWN_MESSAGE_TYPE',
      lenAt + 2,
      `${field}.type`,
      `BGP message type ${type} at offset ${lenAt + 2} is not OPEN, UPDATE, NOTIFICATION, KEEPALIVE or ROUTE-REFRESH.`,
      'session-reset',
    );
  if (length < min || (type === BGP_MESSAGE_TYPE.KEEPALIVE && length !== 19) || (type === BGP_MESSAGE_TYPE.ROUTE_REFRESH && length !== 23)) {
    return fail('BGP_BAD_LENGTH', lenAt, `${field}.length`, `BGP message length ${length} at offset ${lenAt} is wrong for message type ${type}.`, 'session-reset');
  }
  const body = r.sub(length - BGP_HEADER_LENGTH, `${field}.body`, 'BGP_BAD_LENGTH', 'BGP_TRUNCATED', type === BGP_MESSAGE_TYPE.UPDATE ? 'session-reset' : undefined);
  if (body === null) {
    return fail(
      'BGP_BAD_LENGTH',
      lenAt,
      `${field}.length`,
      `BGP message length ${length} at offset ${lenAt} runs past the ${r.remaining + BGP_HEADER_LENGTH} bytes available.`,
      'session-reset',
    );
  }
  let msg: Result<BgpMessage<PrefixList>>;
  switch (type) {
    case BGP_MESSAGE_TYPE.OPEN:
      msg = readOpen(body);
      break;
    case BGP_MESSAGE_TYPE.UPDATE:
      msg = readUpdate(body, options.fourOctetAs ?? true);
      break;
    case BGP_MESSAGE_TYPE.NOTIFICATION:
      msg = readNotification(body);
      break;
    case BGP_MESSAGE_TYPE.ROUTE_REFRESH:
      msg = readRouteRefresh(body);
      break;
    default:
      msg = ok({ type: 'keepalive' });
  }
  if (!msg.ok) return msg;
  if (!body.atEnd)
    return fail('BGP_TRAILING_DATA', body.offset, `${field}.body`, `${body.remaining} unexpected bytes at offset ${body.offset} after the ${msg.value.type} fields.`);
  t?.close();
  return msg;
}

/** Decodes exactly one BGP message (19-byte header included). Never throws. */
export function decodeBgpMessage(bytes: Uint8Array, options: BgpCodecOptions = {}): Result<BgpMessage> {
  const r = new ByteReader(bytes, 0, bytes.length, 'BGP_TRUNCATED');
  const m = readBgpMessage(r, options);
  if (!m.ok) return m;
  if (!r.atEnd) return fail('BGP_TRAILING_DATA', r.offset, 'BGP message', `${r.remaining} bytes follow the BGP message that ends at offset ${r.offset}.`);
  // A reader not asked for prefix runs gives every prefix as text.
  return m as Result<BgpMessage>;
}

const TYPE_CODE: Record<BgpMessageTypeName, number> = {
  open: BGP_MESSAGE_TYPE.OPEN,
  update: BGP_MESSAGE_TYPE.UPDATE,
  notification: BGP_MESSAGE_TYPE.NOTIFICATION,
  keepalive: BGP_MESSAGE_TYPE.KEEPALIVE,
  'route-refresh': BGP_MESSAGE_TYPE.ROUTE_REFRESH,
};

export interface BgpEncodeOptions extends BgpCodecOptions {
  /** Allow up to 65535 bytes (RFC 8654 Extended Message negotiated). Default false: 4096. */
  extendedMessage?: boolean;
}

/** Writes one BGP message, header included. Throws RangeError if it exceeds the maximum length. */
export function writeBgpMessage(w: ByteWriter, m: BgpMessage, options: BgpEncodeOptions = {}): void {
  const start = w.length;
  for (let i = 0; i < 16; i++) w.u8(0xff, 'marker');
  const lenAt = w.reserve(2);
  w.u8(TYPE_CODE[m.type], 'type');
  switch (m.type) {
    case 'open':
      writeOpen(w, m);
      break;
    case 'update':
      writeUpdate(w, m, options.fourOctetAs ?? true);
      break;
    case 'notification':
      writeNotification(w, m);
      break;
    case 'route-refresh':
      writeRouteRefresh(w, m);
      break;
    case 'keepalive':
      break;
  }
  const length = w.length - start;
  const max = options.extendedMessage === true ? BGP_EXTENDED_MAX_MESSAGE_LENGTH : BGP_MAX_MESSAGE_LENGTH;
  if (length > max) throw new RangeError(`BGP ${m.type} message is ${length} bytes, over the ${max}-byte maximum (RFC 4271 §4.1); split it`);
  w.patchU16(lenAt, length, 'BGP message length');
}

/** Encodes one BGP message, 19-byte header included. */
export function encodeBgpMessage(m: BgpMessage, options: BgpEncodeOptions = {}): Uint8Array {
  const w = new ByteWriter(m.type === 'update' ? 512 : 64);
  writeBgpMessage(w, m, options);
  return w.finish().slice();
}
