/** Narrowest console pane, px (a readable console, if not all 80 columns). */
export const MIN_LEFT_PX = 380;
/** Narrowest dashboard pane, px. */
export const MIN_RIGHT_PX = 440;

/** Keep the splitter where both panes stay usable. */
export function clampSplit(leftPx: number, containerPx: number): number {
  if (containerPx <= 0) return Math.max(MIN_LEFT_PX, leftPx);
  const max = Math.max(MIN_LEFT_PX, containerPx - MIN_RIGHT_PX);
  return Math.min(max, Math.max(MIN_LEFT_PX, leftPx));
}
