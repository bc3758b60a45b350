import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { codeLabel } from '../bytes/spans.js';
import { fail, ok, type Result } from '../errors.js';
import { readBgpMessage, writeBgpMessage } from '../bgp/message.js';
import type { NotificationMessage } from '../bgp/notification.js';
import { readInformationTlvs, writeInformationTlvs, type InformationTlv } from './information-tlv.js';
import { readPerPeerHeader, writePerPeerHeader, type PerPeerHeader } from './per-peer-header.js';

/** RFC 7854 §4.9 and RFC 9069 §4.4 / IANA "BMP Peer Down Reason Codes". */
export const PEER_DOWN_REASON = {
  /** Local system closed the session; a NOTIFICATION PDU follows. */
  LOCAL_NOTIFICATION: 1,
  /** Local system closed without a NOTIFICATION; a 2-octet FSM event code follows. */
  LOCAL_NO_NOTIFICATION: 2,
  /** Remote system closed with a NOTIFICATION; the PDU follows. */
  REMOTE_NOTIFICATION: 3,
  /** Remote system closed without a NOTIFICATION; no data. */
  REMOTE_NO_NOTIFICATION: 4,
  /** Peer de-configured (monitoring stopped); no data. */
  PEER_DE_CONFIGURED: 5,
  /** RFC 9069 §4.4: local system closed, information TLVs follow. */
  LOCAL_SYSTEM_CLOSED_TLV: 6,
} as const;

const REASON_LABELS: Readonly<Record<number, string>> = {
  1: 'local system closed, NOTIFICATION follows',
  2: 'local system closed, FSM event follows',
  3: 'remote system closed, NOTIFICATION follows',
  4: 'remote system closed, no data',
  5: 'peer de-configured',
  6: 'local system closed, TLVs follow',
};

export type PeerDownReason =
  | { kind: 'local-notification'; code: 1; notification: NotificationMessage }
  | { kind: 'local-no-notification'; code: 2; fsmEvent: number }
  | { kind: 'remote-notification'; code: 3; notification: NotificationMessage }
  | { kind: 'remote-no-notification'; code: 4 }
  | { kind: 'peer-de-configured'; code: 5 }
  | { kind: 'local-system-closed-tlv'; code: 6; tlvs: InformationTlv[] }
  /** A reason code this codec does not know, data kept as sent. */
  | { kind: 'unknown'; code: number; data: Uint8Array };

/** RFC 7854 §4.9 Peer Down Notification. */
export interface PeerDownMessage {
  type: 'peer-down';
  peer: PerPeerHeader;
  reason: PeerDownReason;
}

function readNotificationPdu(r: ByteReader): Result<NotificationMessage> {
  const at = r.offset;
  const m = readBgpMessage(r, {}, 'peer down.NOTIFICATION', 'BGP NOTIFICATION');
  if (!m.ok) return m;
  if (m.value.type !== 'notification')
    return fail('BMP_UNEXPECTED_BGP_TYPE', at + 18, 'peer down.NOTIFICATION.type', `Peer Down data at offset ${at} is a BGP ${m.value.type}, not a NOTIFICATION.`);
  return ok(m.value);
}

function readReason(r: ByteReader, code: number): Result<PeerDownReason> {
  switch (code) {
    case 1:
    case 3: {
      const n = readNotificationPdu(r);
      if (!n.ok) return n;
      return ok(code === 1 ? { kind: 'local-notification', code, notification: n.value } : { kind: 'remote-notification', code, notification: n.value });
    }
    case 2: {
      const fsmEvent = r.u16('peer down.FSM event code');
      if (fsmEvent < 0) return r.failure();
      r.spans?.field('FSM event code', r.offset, fsmEvent);
      return ok({ kind: 'local-no-notification', code, fsmEvent });
    }
    case 4:
      return ok({ kind: 'remote-no-notification', code });
    case 5:
      return ok({ kind: 'peer-de-configured', code });
    case 6: {
      const tlvs = readInformationTlvs(r, 'peer down information TLV');
      return tlvs.ok ? ok({ kind: 'local-system-closed-tlv', code, tlvs: tlvs.value }) : tlvs;
    }
    default: {
      const data = r.bytesCopy(r.remaining, 'peer down.data');
      if (data === null) return r.failure();
      r.spans?.field('data', r.offset, toHex(data));
      return ok({ kind: 'unknown', code, data });
    }
  }
}

export function readPeerDown(r: ByteReader): Result<PeerDownMessage> {
  const peer = readPerPeerHeader(r);
  if (!peer.ok) return peer;
  const code = r.u8('peer down.reason');
  if (code < 0) return r.failure();
  r.spans?.field('reason', r.offset, codeLabel(REASON_LABELS[code], code));
  const reason = readReason(r, code);
  if (!reason.ok) return reason;
  return ok({ type: 'peer-down', peer: peer.value, reason: reason.value });
}

export function writePeerDown(w: ByteWriter, m: PeerDownMessage): void {
  writePerPeerHeader(w, m.peer);
  const reason = m.reason;
  w.u8(reason.code, 'peer down.reason');
  switch (reason.kind) {
    case 'local-notification':
    case 'remote-notification':
      writeBgpMessage(w, reason.notification);
      return;
    case 'local-no-notification':
      w.u16(reason.fsmEvent, 'peer down.FSM event code');
      return;
    case 'local-system-closed-tlv':
      writeInformationTlvs(w, reason.tlvs, 'peer down information TLV');
      return;
    case 'unknown':
      w.bytes(reason.data);
      return;
    default:
      return;
  }
}
