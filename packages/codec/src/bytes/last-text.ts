/**
 * The text last made from a few bytes, with those bytes: asked again for the
 * same bytes it returns the same string instead of making it anew. A BMP
 * table dump repeats one peer's per-peer header in every Route Monitoring, and
 * formatting its distinguisher, address and BGP ID for each message was a
 * measurable share of a station's ingest and of its garbage. Strings are
 * immutable, so sharing one is safe.
 */
export class LastText {
  private readonly seen: Uint8Array;
  private length = -1;
  private text = '';

  constructor(
    maxBytes: number,
    private readonly make: (bytes: Uint8Array) => string,
  ) {
    this.seen = new Uint8Array(maxBytes);
  }

  of(bytes: Uint8Array): string {
    const n = bytes.length;
    if (n === this.length) {
      let i = 0;
      while (i < n && bytes[i] === this.seen[i]) i++;
      if (i === n) return this.text;
    }
    this.text = this.make(bytes);
    if (n <= this.seen.length) {
      this.seen.set(bytes);
      this.length = n;
    } else this.length = -1;
    return this.text;
  }
}
