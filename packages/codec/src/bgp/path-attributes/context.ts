import type { PrefixList } from '../prefix-run.js';
import type { ByteReader } from '../../bytes/reader.js';
import type { ByteWriter } from '../../bytes/writer.js';
import { fail, type ErrorHandling, type Failure, type Result } from '../../errors.js';
import type { PathAttribute } from './types.js';

/** What an attribute value decoder knows about the attribute it reads. */
export interface AttributeContext {
  code: number;
  flags: number;
  /** Offset of the attribute's flags octet. */
  offset: number;
  /** e.g. `UPDATE.path attribute AS_PATH`. */
  field: string;
  /** RFC 7606 handling for a malformed value of this attribute. */
  handling: ErrorHandling;
  fourOctetAs: boolean;
}

/** Decodes the value (the reader spans exactly the attribute length). */
export type AttributeDecoder = (v: ByteReader, ctx: AttributeContext) => Result<PathAttribute<PrefixList>>;

/** Writes the value only; the caller writes flags, type and length. */
export type AttributeEncoder<A extends PathAttribute> = (w: ByteWriter, a: A, fourOctetAs: boolean) => void;

export function badAttributeLength(ctx: AttributeContext, length: number, expected: string): Failure {
  return fail('BGP_BAD_ATTRIBUTE_LENGTH', ctx.offset, `${ctx.field}.length`, `${ctx.field} at offset ${ctx.offset} has length ${length}, expected ${expected}.`, ctx.handling);
}
