/**
 * A decoded field's value as the dissection tree shows it. The per-peer
 * header's timestamp (RFC 7854 section 4.2) is seconds since 1970: it is
 * shown as a UTC date and time, the raw number after it; 0 means the router
 * did not set it. Any other field is shown as decoded.
 */
export function fieldValueText(name: string, value: string): string {
  if (name !== 'timestamp (seconds)' || !/^\d+$/.test(value)) return value;
  const seconds = Number(value);
  if (seconds === 0) return '0 (not set)';
  return `${utcDateTime(seconds * 1000)} (${value})`;
}

/** `2026-12-06 15:44:11 UTC`. */
export function utcDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** What a field's `offset+length` means, for its label: `bytes 6 to 9 of the message (offset 6, 4 bytes)`. */
export function byteRangeText(offset: number, length: number): string {
  if (length === 0) return `no bytes, at offset ${offset} of the message`;
  return `bytes ${offset} to ${offset + length - 1} of the message (offset ${offset}, ${length} byte${length === 1 ? '' : 's'})`;
}
