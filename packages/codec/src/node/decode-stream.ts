import { createBmpFramer, decodeBmpMessage, toHex, type DecodeError } from '@bmp-lab/codec';

/** One output line of `bmp:decode`. */
export type DecodeRecord =
  { [field: string]: unknown; type: string; offset: number; length: number } | { type: 'error'; offset: number; code: string; field: string; message: string; flow?: string };

/**
 * Decodes a raw BMP byte stream into records: one per message (its decoded
 * fields plus `offset`/`length` in the stream), and an error record where
 * decoding fails. A message that fails to decode does not stop the stream;
 * a framing error or a stream that ends inside a message does.
 */
export function decodeStream(stream: Uint8Array, flow?: string): { records: DecodeRecord[]; failed: boolean } {
  const records: DecodeRecord[] = [];
  // No message can be longer than the input, so that bounds the framer's buffer too.
  const framer = createBmpFramer({ maxMessageLength: Math.max(6, stream.length) });
  let failed = false;
  const error = (e: DecodeError, base: number): void => {
    failed = true;
    records.push({ type: 'error', offset: base + e.offset, code: e.code, field: e.field, message: e.message, ...(flow === undefined ? {} : { flow }) });
  };
  for (const item of framer.push(stream)) {
    if (!item.ok) {
      // A length beyond the whole input means the stream was cut inside this message.
      const e = item.error;
      error(
        e.code === 'BMP_TOO_LONG'
          ? { ...e, code: 'BMP_TRUNCATED', message: `The message at offset ${e.offset - 1} declares more bytes than the input holds; the stream is truncated.` }
          : e,
        0,
      );
      break;
    }
    const m = decodeBmpMessage(item.bytes);
    if (m.ok) {
      const { type, ...fields } = m.value;
      records.push({ type, ...(flow === undefined ? {} : { flow }), offset: item.offset, length: item.bytes.length, ...fields });
    } else error(m.error, item.offset);
  }
  if (framer.failed === null && framer.buffered > 0) {
    const at = stream.length - framer.buffered;
    error({ code: 'BMP_TRUNCATED', offset: at, field: 'message', message: `The stream ends ${framer.buffered} bytes into a message that starts at offset ${at}.` }, 0);
  }
  return { records, failed };
}

/** JSON.stringify replacer: bytes as hex, 64-bit gauges as numbers when exact, else strings. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value);
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  return value;
}
