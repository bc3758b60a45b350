/** Narrowest console pane, px (a readable console, if not all 80 columns). */
export const MIN_LEFT_PX = 380;
/** Narrowest dashboard pane, px. */
export const MIN_RIGHT_PX = 440;
/** The console's share of the workspace before the user moves the splitter. */
export const DEFAULT_SPLIT = 0.5;
/** Where the split is remembered (a ratio, 0..1; absent: the default). */
export const SPLIT_STORAGE_KEY = 'bmplab.split';

/** Keep the splitter where both panes stay usable. */
export function clampSplit(leftPx: number, containerPx: number): number {
  if (containerPx <= 0) return Math.max(MIN_LEFT_PX, leftPx);
  const max = Math.max(MIN_LEFT_PX, containerPx - MIN_RIGHT_PX);
  return Math.min(max, Math.max(MIN_LEFT_PX, leftPx));
}

/**
 * The console's share of the workspace for a splitter dragged to `leftPx`:
 * a ratio, so the split follows the window when it is resized. Clamped so
 * both panes keep their minimum width at this size.
 */
export function splitRatio(leftPx: number, containerPx: number): number {
  if (containerPx <= 0) return DEFAULT_SPLIT;
  return clampSplit(leftPx, containerPx) / containerPx;
}

/** A remembered ratio, or null (none, or not a ratio: e.g. an old pixel width). */
export function parseSplit(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) && v > 0 && v < 1 ? v : null;
}

/** The workspace's columns for a ratio: each pane keeps its minimum, the rest is shared in that ratio. */
export function splitColumns(ratio: number): string {
  const r = Math.min(0.95, Math.max(0.05, ratio));
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return `minmax(${MIN_LEFT_PX}px, ${pct(r)}) 8px minmax(${MIN_RIGHT_PX}px, 1fr)`;
}
