/**
 * Field-by-field dissection of one BMP message, for a Wireshark-like view
 * (tree beside a hex dump). There is no second parser here: the tree is what
 * the decoders record while they decode (`SpanRecorder`, reached as
 * `reader.spans`), so every field the decoder knows is shown with the value
 * it decoded, and the hex highlight of a node is exactly the bytes read for it.
 *
 * Guarantees, for any input (valid, truncated or garbage), without throwing:
 * - the root spans the whole input (`offset` 0, `length` = input length);
 * - the children of every node lie inside it and tile it exactly, in order,
 *   with no gap and no overlap, so every byte belongs to exactly one leaf;
 * - where the decoder stops, a leaf named `malformed` (its `value` is the
 *   decoder's error message) takes the rest of the innermost structure, and
 *   the rest of each enclosing one is `not decoded`; bytes after a declared
 *   length are `trailing data`; a structure declaring more bytes than present
 *   is cut to them, its value ending in `(declares N bytes, K present)`.
 * `error` on the root is what `decodeBmpMessage` reports for the same bytes.
 */
import { toHex } from './bytes/hex.js';
import { ByteReader } from './bytes/reader.js';
import { SpanRecorder, type DissectionNode } from './bytes/spans.js';
import type { DecodeError, Result } from './errors.js';
import { messageTypeNameOf, readCommonHeader } from './bmp/common-header.js';
import { decodeBmpMessage, readBmpBody, type BmpMessage } from './bmp/message.js';

export type { DissectionNode, DissectionValue } from './bytes/spans.js';

export interface BmpDissection extends DissectionNode {
  /** Set when `decodeBmpMessage` rejects these bytes. */
  error?: DecodeError;
}

/**
 * Decodes one BMP message while recording its tree. `decoded` is
 * `decodeBmpMessage(bytes)`: the same decoders, so the same result.
 */
export function recordBmpMessage(bytes: Uint8Array): { tree: BmpDissection; decoded: Result<BmpMessage> } {
  const type = bytes.length > 5 ? (bytes[5] as number) : -1;
  const typeName = messageTypeNameOf(type);
  const tree: BmpDissection = { name: 'BMP message', offset: 0, length: bytes.length, value: typeName ?? (type < 0 ? 'truncated' : `type ${type}`), children: [] };
  const declared = bytes.length >= 5 ? (bytes[1] as number) * 0x1000000 + (((bytes[2] as number) << 16) | ((bytes[3] as number) << 8) | (bytes[4] as number)) : -1;
  // Read up to the declared end (a shorter input is read as far as it goes; bytes past it are trailing data).
  const end = declared >= 6 && declared < bytes.length ? declared : bytes.length;
  const spans = new SpanRecorder(bytes, tree);
  const r = new ByteReader(bytes, 0, end, 'BMP_TRUNCATED', undefined, spans);
  const header = readCommonHeader(r, 0xffffffff);
  let m: Result<BmpMessage>;
  if (header.ok) {
    spans.open(typeName ?? 'body', declared);
    const body = spans.depth;
    // A dissecting reader is not asked for prefix runs: every prefix is text.
    m = readBmpBody(r, header.value.type) as Result<BmpMessage>;
    if (!m.ok) spans.abandon(body, m.error.message);
    spans.close();
  } else {
    m = header;
    spans.abandon(1, header.error.message);
  }
  if (end < bytes.length) spans.field('trailing data', bytes.length, toHex(bytes.subarray(end)));
  const decoded = declared === bytes.length ? m : decodeBmpMessage(bytes);
  if (!decoded.ok) tree.error = decoded.error;
  return { tree, decoded };
}

/** Dissects one BMP message (the bytes of exactly one message; more or fewer are shown as such). Never throws. */
export function dissectBmpMessage(bytes: Uint8Array): BmpDissection {
  return recordBmpMessage(bytes).tree;
}
