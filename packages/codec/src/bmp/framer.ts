import { fail, type DecodeError } from '../errors.js';
import { BMP_COMMON_HEADER_LENGTH, BMP_DEFAULT_MAX_MESSAGE_LENGTH, BMP_VERSION, checkLength } from './common-header.js';

/** A whole message cut from the stream, or the framing error that ended the stream. */
export type FramedItem = { ok: true; bytes: Uint8Array; offset: number /* stream offset of the message start */ } | { ok: false; error: DecodeError };

export interface BmpFramer {
  /** Feed the next TCP chunk; returns the messages it completed (and at most one error, ever). */
  push(chunk: Uint8Array): FramedItem[];
  /** Bytes held for a message not yet complete. */
  readonly buffered: number;
  /** The framing error once the stream is lost; further input is ignored. */
  readonly failed: DecodeError | null;
}

export interface BmpFramerOptions {
  /** Largest accepted message length (common header included). Default 1 MiB. */
  maxMessageLength?: number;
}

/**
 * Cuts a BMP byte stream into whole messages using only the common header
 * (RFC 7854 §4.1). Every emitted `bytes` is a fresh copy the caller owns. A
 * version other than 3 or a length below 6 or above the maximum means the
 * framing is lost: the error is returned once, the buffer is released and
 * later input is ignored. Memory is bounded by one message of at most
 * `maxMessageLength` bytes (allocated only after its header checks out).
 */
export function createBmpFramer(options: BmpFramerOptions = {}): BmpFramer {
  const maxLength = options.maxMessageLength ?? BMP_DEFAULT_MAX_MESSAGE_LENGTH;
  const header = new Uint8Array(BMP_COMMON_HEADER_LENGTH);
  let headerFill = 0;
  let message: Uint8Array | null = null;
  let messageFill = 0;
  /** Stream offset of the start of the message being assembled. */
  let messageStart = 0;
  let failed: DecodeError | null = null;

  /** Checks a (partial) header; returns an error as soon as the bytes seen prove it bad. */
  function check(h: Uint8Array, have: number, at: number): DecodeError | null {
    const version = h[0] as number;
    if (have >= 1 && version !== BMP_VERSION) {
      return fail('BMP_BAD_VERSION', at, 'common header.version', `BMP version at stream offset ${at} is ${version}; only version 3 (RFC 7854) is supported.`).error;
    }
    if (have >= 5) {
      const length = readLength(h, 1);
      const bad = checkLength(length, at + 1, maxLength);
      if (bad !== null) return bad.error;
    }
    return null;
  }

  function lose(error: DecodeError, out: FramedItem[]): FramedItem[] {
    failed = error;
    message = null;
    headerFill = 0;
    messageFill = 0;
    out.push({ ok: false, error });
    return out;
  }

  function push(chunk: Uint8Array): FramedItem[] {
    const out: FramedItem[] = [];
    if (failed !== null) return out;
    let p = 0;
    while (p < chunk.length) {
      if (message === null) {
        if (headerFill === 0 && chunk.length - p >= BMP_COMMON_HEADER_LENGTH) {
          // Fast path: the whole header is in this chunk.
          const err = check(chunk.subarray(p, p + BMP_COMMON_HEADER_LENGTH), BMP_COMMON_HEADER_LENGTH, messageStart);
          if (err !== null) return lose(err, out);
          const length = readLength(chunk, p + 1);
          if (chunk.length - p >= length) {
            out.push({ ok: true, bytes: chunk.slice(p, p + length), offset: messageStart });
            p += length;
            messageStart += length;
            continue;
          }
          message = new Uint8Array(length);
          messageFill = 0;
        } else {
          const n = Math.min(BMP_COMMON_HEADER_LENGTH - headerFill, chunk.length - p);
          header.set(chunk.subarray(p, p + n), headerFill);
          headerFill += n;
          p += n;
          const err = check(header, headerFill, messageStart);
          if (err !== null) return lose(err, out);
          if (headerFill < BMP_COMMON_HEADER_LENGTH) continue;
          message = new Uint8Array(readLength(header, 1));
          message.set(header);
          messageFill = BMP_COMMON_HEADER_LENGTH;
          headerFill = 0;
        }
      }
      const n = Math.min(message.length - messageFill, chunk.length - p);
      message.set(chunk.subarray(p, p + n), messageFill);
      messageFill += n;
      p += n;
      if (messageFill === message.length) {
        out.push({ ok: true, bytes: message, offset: messageStart });
        messageStart += message.length;
        message = null;
        messageFill = 0;
      }
    }
    return out;
  }

  return {
    push,
    get buffered() {
      return message === null ? headerFill : messageFill;
    },
    get failed() {
      return failed;
    },
  };
}

function readLength(b: Uint8Array, at: number): number {
  return (b[at] as number) * 0x1000000 + (((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number));
}
