/** Which rows of a fixed-row-height list to render. */
export interface VirtualWindow {
  /** First row to render (inclusive). */
  start: number;
  /** Last row to render (exclusive). */
  end: number;
  /** Height of the whole list, px (the scroll box's content). */
  totalHeight: number;
  /** Top of row `start`, px. */
  offsetTop: number;
}

/**
 * The rows visible in a viewport at `scrollTop`, plus `overscan` on each side
 * so a fast scroll does not show blanks. A viewport not measured yet (0 px,
 * e.g. hidden) renders the last `fallbackRows` rows: a log is read at its end.
 */
export function virtualWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 3, fallbackRows = 40): VirtualWindow {
  const totalHeight = count * rowHeight;
  if (count === 0) return { start: 0, end: 0, totalHeight: 0, offsetTop: 0 };
  if (viewportHeight <= 0) {
    const start = Math.max(0, count - fallbackRows);
    return { start, end: count, totalHeight, offsetTop: start * rowHeight };
  }
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, totalHeight - viewportHeight)));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, totalHeight, offsetTop: start * rowHeight };
}

/** The scrollTop that brings row `index` into view (unchanged if it is already). */
export function scrollToRow(scrollTop: number, viewportHeight: number, rowHeight: number, index: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}
