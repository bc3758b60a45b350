/**
 * What of a `console.output` frame the terminal still needs. `seen` counts the
 * console's characters the terminal already has; `offset` is where the
 * frame's data starts in the console's output. A replay after a reconnect can
 * overlap what we have (skip that part) or start after it (output the server
 * no longer keeps: `gap` characters are lost).
 */
export function takeUnseen(seen: number, offset: number, data: string): { text: string; seen: number; gap: number } {
  const end = offset + data.length;
  if (end <= seen) return { text: '', seen, gap: 0 };
  if (offset >= seen) return { text: data, seen: end, gap: offset - seen };
  return { text: data.slice(seen - offset), seen: end, gap: 0 };
}
