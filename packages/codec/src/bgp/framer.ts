import { fail, type DecodeError } from '../errors.js';
import type { FramedItem } from '../bmp/framer.js';
import { BGP_HEADER_LENGTH, BGP_MAX_MESSAGE_LENGTH } from './constants.js';

const MARKER_LENGTH = 16;

export interface BgpFramer {
  /** Feed the next TCP chunk; returns the messages it completed (and at most one error, ever). */
  push(chunk: Uint8Array): FramedItem[];
  /** Bytes held for a message not yet complete. */
  readonly buffered: number;
  /** The header error once the stream is lost; further input is ignored. */
  readonly failed: DecodeError | null;
}

export interface BgpFramerOptions {
  /** Largest accepted message, header included: 4096 (RFC 4271 §4.1) unless Extended Message (RFC 8654) was negotiated. */
  maxMessageLength?: number;
}

/**
 * Cuts a BGP byte stream into whole messages by their header (RFC 4271 §4.1:
 * a 16-octet all-ones marker, a 2-octet length from 19 to the maximum). A bad
 * marker (`BGP_BAD_MARKER`, checked byte by byte as it arrives) or length
 * (`BGP_BAD_LENGTH`) is a Message Header Error (§6.1) that ends the session:
 * the error, whose `notification` is the one to send, is returned once, the
 * buffer is released and later input is ignored. Offsets are stream offsets.
 * Every emitted `bytes` is a fresh copy; memory is bounded by one message.
 */
export function createBgpFramer(options: BgpFramerOptions = {}): BgpFramer {
  const maxLength = options.maxMessageLength ?? BGP_MAX_MESSAGE_LENGTH;
  /** The message being assembled; it grows to its declared length once the header is in. */
  let message = new Uint8Array(BGP_HEADER_LENGTH);
  let fill = 0;
  /** Declared length of the message being assembled; 0 until its header is complete. */
  let length = 0;
  /** Stream offset of the start of the message being assembled. */
  let messageStart = 0;
  let failed: DecodeError | null = null;

  function lose(error: DecodeError, out: FramedItem[]): FramedItem[] {
    failed = error;
    message = new Uint8Array(0);
    fill = 0;
    out.push({ ok: false, error });
    return out;
  }

  /** The header's first error among the bytes `from..fill`, or null. */
  function checkHeader(from: number): DecodeError | null {
    for (let i = from; i < Math.min(fill, MARKER_LENGTH); i++) {
      if (message[i] !== 0xff) {
        const at = messageStart + i;
        return fail('BGP_BAD_MARKER', at, 'BGP header.marker', `BGP marker byte at stream offset ${at} is not 0xff (connection not synchronized).`, 'session-reset').error;
      }
    }
    if (fill < BGP_HEADER_LENGTH) return null;
    const declared = ((message[16] as number) << 8) | (message[17] as number);
    if (declared < BGP_HEADER_LENGTH || declared > maxLength) {
      const at = messageStart + 16;
      return fail(
        'BGP_BAD_LENGTH',
        at,
        'BGP header.length',
        `BGP message length ${declared} at stream offset ${at} is outside ${BGP_HEADER_LENGTH}..${maxLength}.`,
        'session-reset',
      ).error;
    }
    return null;
  }

  function push(chunk: Uint8Array): FramedItem[] {
    const out: FramedItem[] = [];
    if (failed !== null) return out;
    let p = 0;
    while (p < chunk.length) {
      const want = (length === 0 ? BGP_HEADER_LENGTH : length) - fill;
      const n = Math.min(want, chunk.length - p);
      message.set(chunk.subarray(p, p + n), fill);
      const before = fill;
      fill += n;
      p += n;
      if (length === 0) {
        const err = checkHeader(before);
        if (err !== null) return lose(err, out);
        if (fill < BGP_HEADER_LENGTH) continue;
        length = ((message[16] as number) << 8) | (message[17] as number);
        if (length > BGP_HEADER_LENGTH) {
          const whole = new Uint8Array(length);
          whole.set(message);
          message = whole;
          continue;
        }
      }
      if (fill < length) continue;
      out.push({ ok: true, bytes: message, offset: messageStart });
      messageStart += length;
      message = new Uint8Array(BGP_HEADER_LENGTH);
      fill = 0;
      length = 0;
    }
    return out;
  }

  return {
    push,
    get buffered() {
      return fill;
    },
    get failed() {
      return failed;
    },
  };
}
