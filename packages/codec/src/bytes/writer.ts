/**
 * A growable big-endian byte writer. Encoders use it to build a message in one
 * buffer and patch length fields afterwards. Values out of range for their
 * field are programmer errors and throw a RangeError naming the field.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number, field: string): this {
    checkUint(v, 0xff, field);
    this.ensure(1);
    this.buf[this.len++] = v;
    return this;
  }

  u16(v: number, field: string): this {
    checkUint(v, 0xffff, field);
    this.ensure(2);
    this.buf[this.len++] = v >>> 8;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u32(v: number, field: string): this {
    checkUint(v, 0xffffffff, field);
    this.ensure(4);
    this.put32(this.len, v);
    this.len += 4;
    return this;
  }

  u64(v: bigint, field: string): this {
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`${field}: ${String(v)} is not an unsigned 64-bit integer`);
    this.u32(Number(v >> 32n), field);
    return this.u32(Number(v & 0xffffffffn), field);
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** The first `n` bytes of `b`, without a subarray (hot paths). */
  bytesN(b: Uint8Array, n: number): this {
    this.ensure(n);
    const buf = this.buf;
    for (let i = 0, p = this.len; i < n; i++) buf[p + i] = b[i] as number;
    this.len += n;
    return this;
  }

  /** Reserve `n` zero bytes (e.g. a length field patched later); returns its position. */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.len;
    this.buf.fill(0, at, at + n);
    this.len += n;
    return at;
  }

  patchU8(at: number, v: number, field: string): void {
    checkUint(v, 0xff, field);
    this.buf[at] = v;
  }

  patchU16(at: number, v: number, field: string): void {
    checkUint(v, 0xffff, field);
    this.buf[at] = v >>> 8;
    this.buf[at + 1] = v & 0xff;
  }

  patchU32(at: number, v: number, field: string): void {
    checkUint(v, 0xffffffff, field);
    this.put32(at, v);
  }

  private put32(at: number, v: number): void {
    this.buf[at] = v >>> 24;
    this.buf[at + 1] = (v >>> 16) & 0xff;
    this.buf[at + 2] = (v >>> 8) & 0xff;
    this.buf[at + 3] = v & 0xff;
  }

  /** Empty the writer, keeping its buffer. */
  reset(): this {
    this.len = 0;
    return this;
  }

  /** The written bytes (a view of exactly `length` bytes, valid until the next write or reset). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

function checkUint(v: number, max: number, field: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${field}: ${String(v)} is not an integer in 0..${max}`);
}
