/** Largest `console.input` payload we send in one frame (the schema allows 64 Ki). */
export const INPUT_CHUNK_CHARS = 8_192;

/**
 * Split keystroke data into frames of at most `size` UTF-16 units without
 * cutting a surrogate pair, so a large paste never produces an oversized
 * frame and arrives intact, in order.
 */
export function chunkInput(data: string, size: number = INPUT_CHUNK_CHARS): string[] {
  if (data.length <= size) return [data];
  const chunks: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + size, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(data.slice(start, end));
    start = end;
  }
  return chunks;
}
