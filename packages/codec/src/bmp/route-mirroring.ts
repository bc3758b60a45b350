import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { fail, ok, type DecodeError, type Result } from '../errors.js';
import { readBgpMessage, writeBgpMessage, type BgpMessage } from '../bgp/message.js';
import { toHex } from '../bytes/hex.js';
import { readTlv, recordTlvValue, writeTlv } from './information-tlv.js';
import { peerUsesFourOctetAs, readPerPeerHeader, writePerPeerHeader, type PerPeerHeader } from './per-peer-header.js';

/** RFC 7854 §4.7 / IANA "BMP Route Mirroring TLVs". */
export const ROUTE_MIRRORING_TLV_TYPE = {
  BGP_MESSAGE: 0,
  INFORMATION: 1,
} as const;

/** RFC 7854 §4.7 / IANA "BMP Route Mirroring Information Codes". */
export const ROUTE_MIRRORING_INFORMATION = {
  ERRORED_PDU: 0,
  MESSAGES_LOST: 1,
} as const;

export type RouteMirroringTlv =
  | { type: 'bgpMessage'; message: BgpMessage }
  /** A mirrored PDU that does not decode (mirroring exists to carry errored PDUs), kept as sent. */
  | { type: 'erroredBgpMessage'; value: Uint8Array; error: DecodeError }
  | { type: 'information'; code: number }
  | { type: 'unknown'; code: number; value: Uint8Array };

/** RFC 7854 §4.7 Route Mirroring. */
export interface RouteMirroringMessage {
  type: 'route-mirroring';
  peer: PerPeerHeader;
  tlvs: RouteMirroringTlv[];
}

const TLV_LABELS: Readonly<Record<number, string>> = { 0: 'BGP message', 1: 'information' };
const INFORMATION_LABELS: Readonly<Record<number, string>> = { 0: 'errored PDU', 1: 'messages lost' };

export function readRouteMirroring(r: ByteReader): Result<RouteMirroringMessage> {
  const peer = readPerPeerHeader(r);
  if (!peer.ok) return peer;
  const tlvs: RouteMirroringTlv[] = [];
  while (!r.atEnd) {
    const tlv = readTlv(r, 'route mirroring TLV', 'route mirroring TLV', TLV_LABELS);
    if (tlv === null) return r.failure();
    const { code, offset, value } = tlv;
    if (code === ROUTE_MIRRORING_TLV_TYPE.INFORMATION) {
      if (value.remaining !== 2)
        return fail(
          'BMP_BAD_TLV_VALUE',
          offset + 2,
          'route mirroring TLV information.length',
          `Route Mirroring information TLV at offset ${offset} has length ${value.remaining}; RFC 7854 §4.7 requires 2.`,
        );
      const info = value.u16('route mirroring information code');
      if (value.spans !== null) {
        value.spans.field('code', value.end, INFORMATION_LABELS[info] === undefined ? info : `${INFORMATION_LABELS[info]} (${info})`);
        value.spans.close();
      }
      tlvs.push({ type: 'information', code: info });
      continue;
    }
    const start = value.offset;
    if (code !== ROUTE_MIRRORING_TLV_TYPE.BGP_MESSAGE) {
      const bytes = value.bytesCopy(value.remaining, 'route mirroring TLV value') ?? new Uint8Array(0);
      recordTlvValue(value, bytes);
      tlvs.push({ type: 'unknown', code, value: bytes });
      continue;
    }
    // The mirrored PDU may be the errored one: in a dissection it shows up to where it stops decoding.
    const t = value.spans;
    let mark = 0;
    if (t !== null) {
      t.open('value', value.end);
      mark = t.depth;
    }
    const m = readBgpMessage(value, { fourOctetAs: peerUsesFourOctetAs(peer.value) }, 'route mirroring.BGP message');
    const trailingAt = value.offset;
    if (t !== null) {
      if (m.ok) t.field('trailing data', value.end, toHex(value.view(value.remaining, 'route mirroring TLV value') ?? new Uint8Array(0)));
      else t.abandon(mark, m.error.message);
      t.close();
      t.close();
    }
    value.rewind(value.offset - start);
    const bytes = value.bytesCopy(value.remaining, 'route mirroring TLV value') ?? new Uint8Array(0);
    // Prefix runs are asked for in Route Monitoring only (decodeBmpMessage): a mirrored message's prefixes are text.
    if (m.ok && trailingAt === value.offset) tlvs.push({ type: 'bgpMessage', message: m.value as BgpMessage });
    else {
      const error: DecodeError = m.ok
        ? {
            code: 'BGP_TRAILING_DATA',
            offset: trailingAt,
            field: 'route mirroring.BGP message',
            message: `${value.offset - trailingAt} bytes at offset ${trailingAt} follow the mirrored BGP message.`,
          }
        : m.error;
      tlvs.push({ type: 'erroredBgpMessage', value: bytes, error });
    }
  }
  return ok({ type: 'route-mirroring', peer: peer.value, tlvs });
}

export function writeRouteMirroring(w: ByteWriter, m: RouteMirroringMessage): void {
  writePerPeerHeader(w, m.peer);
  for (const t of m.tlvs) {
    switch (t.type) {
      case 'bgpMessage': {
        w.u16(ROUTE_MIRRORING_TLV_TYPE.BGP_MESSAGE, 'route mirroring TLV.type');
        const at = w.reserve(2);
        const start = w.length;
        writeBgpMessage(w, t.message, { fourOctetAs: peerUsesFourOctetAs(m.peer), extendedMessage: true });
        w.patchU16(at, w.length - start, 'route mirroring TLV.length');
        break;
      }
      case 'erroredBgpMessage':
        writeTlv(w, ROUTE_MIRRORING_TLV_TYPE.BGP_MESSAGE, t.value, 'route mirroring TLV');
        break;
      case 'information':
        w.u16(ROUTE_MIRRORING_TLV_TYPE.INFORMATION, 'route mirroring TLV.type').u16(2, 'route mirroring TLV.length').u16(t.code, 'route mirroring information code');
        break;
      case 'unknown':
        writeTlv(w, t.code, t.value, 'route mirroring TLV');
        break;
    }
  }
}
