/**
 * Decode results and coded decode errors.
 *
 * Decoders never throw on input bytes: every failure is a {@link DecodeError}
 * value that names the field, the byte offset and a stable code (listed in the
 * package README). Encoders throw only for programmer errors (an invalid IP
 * string, a value out of range for its field).
 */

import { DECODE_ERRORS } from './error-codes.js';
import type { NotificationCode } from './bgp/notification-codes.js';

export type Result<T, E = DecodeError> = { ok: true; value: T } | { ok: false; error: E };

/**
 * How RFC 7606 says a BGP speaker would handle this error. Present only on
 * errors inside a BGP UPDATE, where RFC 7606 §3–§7 assigns one.
 */
export type ErrorHandling = 'attribute-discard' | 'treat-as-withdraw' | 'session-reset';

export interface DecodeError {
  /** Stable machine-readable code, e.g. `BMP_BAD_VERSION` (see README). */
  code: DecodeErrorCode;
  /** Byte offset in the input given to the decoder (stream offset for the framer). */
  offset: number;
  /** Dotted field path, e.g. `common header.version`. */
  field: string;
  /** One human sentence. */
  message: string;
  handling?: ErrorHandling;
  /**
   * For BGP codes: the NOTIFICATION a BGP speaker sends to the peer whose
   * message failed this way (RFC 4271 §6), from `DECODE_ERRORS`.
   */
  notification?: NotificationCode;
}

/**
 * Every code a decoder can return; one row each in `DECODE_ERRORS`
 * (error-codes.ts, which will not compile without it) and in the README.
 */
export type DecodeErrorCode =
  | 'BMP_TRUNCATED'
  | 'BMP_BAD_VERSION'
  | 'BMP_BAD_LENGTH'
  | 'BMP_TOO_LONG'
  | 'BMP_LENGTH_MISMATCH'
  | 'BMP_UNKNOWN_MESSAGE_TYPE'
  | 'BMP_BAD_TLV_LENGTH'
  | 'BMP_BAD_TLV_VALUE'
  | 'BMP_BAD_PEER_TYPE'
  | 'BMP_UNEXPECTED_BGP_TYPE'
  | 'BMP_TRAILING_DATA'
  | 'BGP_TRUNCATED'
  | 'BGP_BAD_MARKER'
  | 'BGP_BAD_LENGTH'
  | 'BGP_UNKNOWN_MESSAGE_TYPE'
  | 'BGP_TRAILING_DATA'
  | 'BGP_BAD_PARAMETER_LENGTH'
  | 'BGP_BAD_CAPABILITY_LENGTH'
  | 'BGP_BAD_WITHDRAWN_LENGTH'
  | 'BGP_BAD_ATTRIBUTES_LENGTH'
  | 'BGP_BAD_PREFIX_LENGTH'
  | 'BGP_BAD_ATTRIBUTE_LENGTH'
  | 'BGP_BAD_ORIGIN'
  | 'BGP_BAD_AS_PATH'
  | 'BGP_DUPLICATE_ATTRIBUTE'
  | 'BGP_BAD_NEXT_HOP_LENGTH';

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: DecodeErrorCode, offset: number, field: string, message: string, handling?: ErrorHandling): { ok: false; error: DecodeError } {
  const error: DecodeError = { code, offset, field, message };
  if (handling !== undefined) error.handling = handling;
  const notification = DECODE_ERRORS[code].notification;
  if (notification !== null) error.notification = { ...notification };
  return { ok: false, error };
}

/** The failure half of a Result, for passing an error up unchanged. */
export type Failure = { ok: false; error: DecodeError };
