import { fail, type DecodeErrorCode, type ErrorHandling, type Failure } from '../errors.js';
import type { SpanRecorder } from './spans.js';

/**
 * A bounds-checked cursor over a byte range.
 *
 * Every read checks the remaining length first. A read that does not fit
 * returns `-1` (numbers) or `null` (bytes, readers) and records a coded error
 * naming the field and its offset; the caller returns `reader.failure()`.
 * Offsets are indexes into the array the top-level decoder was given, so a
 * BGP UPDATE decoded inside a BMP message reports BMP message offsets.
 * No read ever throws, so no decoder needs a try/catch.
 *
 * `spans`, shared with every sub-reader, is the recorder a dissection passes
 * in; decoders describe what they read to it. It is `null` for plain
 * decoding, which then does no span work at all.
 */
export class ByteReader {
  private pos: number;
  private lastFailure: Failure | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    /** Index just past this reader's range. */
    readonly end: number,
    /** Code for "field runs past the end of this structure". */
    readonly truncatedCode: DecodeErrorCode = 'BMP_TRUNCATED',
    /** RFC 7606 handling attached to truncation errors inside this range. */
    // eslint-disable-next-line @typescript-eslint/no-useless-default-assignment -- a parameter property: `?` would make the property optional (exactOptionalPropertyTypes)
    readonly handling: ErrorHandling | undefined = undefined,
    /** Where the fields read are recorded (a dissection), or `null`. */
    readonly spans: SpanRecorder | null = null,
    /** NLRI prefixes are given as runs over the bytes (PrefixRun), not as text; shared with every sub-reader. */
    readonly prefixRuns = false,
  ) {
    this.pos = start;
  }

  static of(bytes: Uint8Array, truncatedCode: DecodeErrorCode = 'BMP_TRUNCATED'): ByteReader {
    return new ByteReader(bytes, 0, bytes.length, truncatedCode);
  }

  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** The error recorded by the last failed read (or by {@link fail}). */
  failure(): Failure {
    return this.lastFailure ?? fail(this.truncatedCode, this.pos, 'unknown', 'Decoder failed without a recorded error.');
  }

  /** Record a coded error at `offset` and return it, for checks beyond bounds. */
  fail(code: DecodeErrorCode, offset: number, field: string, message: string, handling?: ErrorHandling): Failure {
    this.lastFailure = fail(code, offset, field, message, handling ?? this.handling);
    return this.lastFailure;
  }

  private short(n: number, field: string): void {
    const have = this.end - this.pos;
    this.fail(this.truncatedCode, this.pos, field, `${field} needs ${n} byte${n === 1 ? '' : 's'} at offset ${this.pos} but only ${have} remain${have === 1 ? 's' : ''}.`);
  }

  u8(field: string): number {
    if (this.end - this.pos < 1) {
      this.short(1, field);
      return -1;
    }
    return this.bytes[this.pos++] as number;
  }

  u16(field: string): number {
    if (this.end - this.pos < 2) {
      this.short(2, field);
      return -1;
    }
    const b = this.bytes;
    const v = ((b[this.pos] as number) << 8) | (b[this.pos + 1] as number);
    this.pos += 2;
    return v;
  }

  u32(field: string): number {
    if (this.end - this.pos < 4) {
      this.short(4, field);
      return -1;
    }
    const b = this.bytes;
    const p = this.pos;
    const v = (b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
    this.pos += 4;
    return v;
  }

  /** An unsigned 64-bit value, or `null` when it does not fit. */
  u64(field: string): bigint | null {
    const hi = this.u32(field);
    if (hi < 0) return null;
    const lo = this.u32(field);
    if (lo < 0) {
      this.pos -= 4;
      this.short(8, field);
      return null;
    }
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A copy of the next `n` bytes. */
  bytesCopy(n: number, field: string): Uint8Array | null {
    if (this.end - this.pos < n) {
      this.short(n, field);
      return null;
    }
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * Copies the next `n` bytes into `out[0..n)` without allocating (hot paths
   * such as NLRI prefixes); `false` records a truncation error.
   */
  readInto(n: number, out: Uint8Array, field: string): boolean {
    if (this.end - this.pos < n) {
      this.short(n, field);
      return false;
    }
    const b = this.bytes;
    for (let i = 0, p = this.pos; i < n; i++) out[i] = b[p + i] as number;
    this.pos += n;
    return true;
  }

  /**
   * The next `n` (0-4) bytes as the top of an unsigned 32-bit number, the
   * bytes not read as zeros (an IPv4 prefix's address octets), or -1 when
   * they do not fit.
   */
  leftAligned32(n: number, field: string): number {
    if (this.end - this.pos < n) {
      this.short(n, field);
      return -1;
    }
    const b = this.bytes;
    const p = this.pos;
    const v =
      n === 0 ? 0 : (((b[p] as number) << 24) | (n > 1 ? (b[p + 1] as number) << 16 : 0) | (n > 2 ? (b[p + 2] as number) << 8 : 0) | (n > 3 ? (b[p + 3] as number) : 0)) >>> 0;
    this.pos += n;
    return v;
  }

  /** Step over the next `n` bytes; `false` records a truncation error. */
  skip(n: number, field: string): boolean {
    if (this.end - this.pos < n) {
      this.short(n, field);
      return false;
    }
    this.pos += n;
    return true;
  }

  /** The whole array this reader's offsets index (what a PrefixRun walks later). */
  get source(): Uint8Array {
    return this.bytes;
  }

  /** A view of the `n` bytes just read (a dissection's raw field). */
  bytesBefore(n: number): Uint8Array {
    return this.bytes.subarray(this.pos - n, this.pos);
  }

  /** A read-only view of the next `n` bytes (no copy). */
  view(n: number, field: string): Uint8Array | null {
    if (this.end - this.pos < n) {
      this.short(n, field);
      return null;
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * A reader over the next `n` bytes, which the caller declared with a length
   * field: a declared length longer than what remains in this structure is
   * `code` (not a generic truncation), per the "check every declared length
   * against the enclosing one" rule.
   */
  sub(
    n: number,
    field: string,
    code: DecodeErrorCode = this.truncatedCode,
    truncatedCode: DecodeErrorCode = this.truncatedCode,
    handling: ErrorHandling | undefined = this.handling,
  ): ByteReader | null {
    const have = this.end - this.pos;
    if (n > have) {
      this.fail(code, this.pos, field, `${field} declares ${n} bytes at offset ${this.pos} but only ${have} remain in the enclosing structure.`);
      return null;
    }
    const r = new ByteReader(this.bytes, this.pos, this.pos + n, truncatedCode, handling, this.spans, this.prefixRuns);
    this.pos += n;
    return r;
  }

  /** Move back `n` bytes (to re-read a field for an error offset). */
  rewind(n: number): void {
    this.pos -= n;
  }

  /** Propagate a child's failure as this reader's failure. */
  adopt(child: ByteReader): Failure {
    this.lastFailure = child.failure();
    return this.lastFailure;
  }
}
