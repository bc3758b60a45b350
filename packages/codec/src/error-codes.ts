/**
 * Every decode error code with what it means and, for BGP codes, the
 * NOTIFICATION a BGP speaker sends when a message it received fails that way
 * (RFC 4271 §6; RFC 4760 §7 for MP_REACH_NLRI). The table is checked against
 * `DecodeErrorCode` in both directions, so a new code does not compile until
 * it has a row here (and the README's table is tested against this one).
 *
 * Where RFC 7606 lets a speaker keep the session (the error's `handling` is
 * `treat-as-withdraw` or `attribute-discard`) the NOTIFICATION is the one
 * RFC 4271 names, sent only by a speaker that resets the session anyway.
 */
import type { DecodeErrorCode } from './errors.js';
import {
  MESSAGE_HEADER_ERROR_SUBCODE as HEADER,
  NOTIFICATION_ERROR_CODE as ERROR,
  UNSPECIFIC_SUBCODE,
  UPDATE_MESSAGE_ERROR_SUBCODE as UPDATE,
  type NotificationCode,
} from './bgp/notification-codes.js';

export interface DecodeErrorInfo {
  /** One line, as the README's table of codes shows it. */
  meaning: string;
  /** The NOTIFICATION for a received BGP message with this error; null for BMP framing and structure errors. */
  notification: NotificationCode | null;
}

const headerError = (subcode: number): NotificationCode => ({ code: ERROR.MESSAGE_HEADER_ERROR, subcode });
/**
 * RFC 4271 §6.2 names no subcode for a malformed optional parameter, so
 * §4.5's Unspecific applies. Within a whole BGP message only an OPEN can run
 * short or leave bytes over (KEEPALIVE and ROUTE-REFRESH have fixed lengths,
 * the last field of UPDATE and NOTIFICATION takes the rest), so the
 * truncation and trailing-data codes map here too.
 */
const openError: NotificationCode = { code: ERROR.OPEN_MESSAGE_ERROR, subcode: UNSPECIFIC_SUBCODE };
const updateError = (subcode: number): NotificationCode => ({ code: ERROR.UPDATE_MESSAGE_ERROR, subcode });

export const DECODE_ERRORS = {
  BMP_TRUNCATED: { meaning: 'A BMP field runs past the end of the message or of its enclosing structure.', notification: null },
  BMP_BAD_VERSION: { meaning: 'Common header version is not 3.', notification: null },
  BMP_BAD_LENGTH: { meaning: 'Common header length is below the 6-byte header.', notification: null },
  BMP_TOO_LONG: { meaning: "Common header length is above the framer's maximum.", notification: null },
  BMP_LENGTH_MISMATCH: {
    meaning: '`decodeBmpMessage` was given more bytes than the header declares (pass exactly one message).',
    notification: null,
  },
  BMP_UNKNOWN_MESSAGE_TYPE: { meaning: 'Message type is not 0–6 or 100 (Route Policy and Attribute Trace).', notification: null },
  BMP_BAD_TLV_LENGTH: {
    meaning: 'A TLV (information, statistics, mirroring) declares more bytes than remain in the message.',
    notification: null,
  },
  BMP_BAD_TLV_VALUE: {
    meaning: 'A TLV has the wrong length for its type (termination reason ≠ 2, mirroring information ≠ 2, a registered statistic of the wrong size).',
    notification: null,
  },
  BMP_BAD_PEER_TYPE: { meaning: 'Per-peer header peer type is not 0–3.', notification: null },
  BMP_UNEXPECTED_BGP_TYPE: {
    meaning: 'The BGP PDU is of the wrong type (Peer Up needs OPENs, Route Monitoring an UPDATE, Peer Down a NOTIFICATION).',
    notification: null,
  },
  BMP_TRAILING_DATA: { meaning: 'Bytes remain after the last field of the message.', notification: null },
  BGP_TRUNCATED: { meaning: 'A BGP field runs past the end of the BGP message.', notification: openError },
  BGP_BAD_MARKER: {
    meaning: 'The 16-byte marker is not all ones (session-reset).',
    notification: headerError(HEADER.CONNECTION_NOT_SYNCHRONIZED),
  },
  BGP_BAD_LENGTH: {
    meaning: "BGP length is below 19, above the BGP framer's maximum, wrong for the type, or runs past the enclosing BMP message.",
    notification: headerError(HEADER.BAD_MESSAGE_LENGTH),
  },
  BGP_UNKNOWN_MESSAGE_TYPE: { meaning: 'BGP type is not 1–5.', notification: headerError(HEADER.BAD_MESSAGE_TYPE) },
  BGP_TRAILING_DATA: { meaning: "Bytes remain after the BGP message's fields or after the message.", notification: openError },
  BGP_BAD_PARAMETER_LENGTH: {
    meaning: 'OPEN optional parameters (length or one parameter) overrun their enclosing field.',
    notification: openError,
  },
  BGP_BAD_CAPABILITY_LENGTH: {
    meaning: 'A capability overruns its parameter or has the wrong length for its code.',
    notification: openError,
  },
  BGP_BAD_WITHDRAWN_LENGTH: {
    meaning: 'Withdrawn Routes Length overruns the UPDATE (session-reset).',
    notification: updateError(UPDATE.MALFORMED_ATTRIBUTE_LIST),
  },
  BGP_BAD_ATTRIBUTES_LENGTH: {
    meaning: 'Total Path Attribute Length overruns the UPDATE (session-reset).',
    notification: updateError(UPDATE.MALFORMED_ATTRIBUTE_LIST),
  },
  BGP_BAD_PREFIX_LENGTH: {
    meaning: 'A prefix length exceeds 32/128 bits or its bytes run past the field (session-reset).',
    notification: updateError(UPDATE.INVALID_NETWORK_FIELD),
  },
  BGP_BAD_ATTRIBUTE_LENGTH: {
    meaning: 'A path attribute overruns the attributes or has the wrong length for its type (handling per RFC 7606 §7).',
    notification: updateError(UPDATE.ATTRIBUTE_LENGTH_ERROR),
  },
  BGP_BAD_ORIGIN: { meaning: 'ORIGIN value is not 0–2 (treat-as-withdraw).', notification: updateError(UPDATE.INVALID_ORIGIN_ATTRIBUTE) },
  BGP_BAD_AS_PATH: {
    meaning: 'AS_PATH/AS4_PATH segment has an unknown type, zero length, or overruns (treat-as-withdraw; AS4_PATH attribute-discard: a warning).',
    notification: updateError(UPDATE.MALFORMED_AS_PATH),
  },
  BGP_DUPLICATE_ATTRIBUTE: {
    meaning: 'A path attribute appears twice (attribute-discard: a warning, the first one kept; MP_REACH/MP_UNREACH session-reset).',
    notification: updateError(UPDATE.MALFORMED_ATTRIBUTE_LIST),
  },
  BGP_BAD_NEXT_HOP_LENGTH: {
    meaning: 'MP_REACH_NLRI next hop length is not 4, 16 or 32 (12, 24 or 48 for SAFI 128, whose next hop RD must be zero) (session-reset).',
    notification: updateError(UPDATE.OPTIONAL_ATTRIBUTE_ERROR),
  },
} satisfies Record<DecodeErrorCode, DecodeErrorInfo>;

/** Every decode error code, in the README's order. */
export const DECODE_ERROR_CODES = Object.keys(DECODE_ERRORS) as DecodeErrorCode[];
