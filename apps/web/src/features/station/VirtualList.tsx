import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { virtualWindow } from './virtual-window.js';

/** How close to the bottom (px) still counts as "following the log". */
const FOLLOW_SLACK_PX = 8;

/**
 * A scrolling list of fixed-height rows that renders only the rows in view
 * (plus an overscan), so 5,000 messages cost what 40 do. While the reader is
 * at the bottom it follows new rows; once they scroll up it stays put.
 *
 * New rows cost one render and one frame: rows have a fixed height, so while
 * following, the rows to render are known to be the last ones (no measuring
 * and re-rendering after the commit), and scrolling re-renders only when the
 * rendered rows change.
 */
export function VirtualList<T>(props: {
  items: readonly T[];
  rowHeight: number;
  renderRow: (item: T, index: number) => ReactNode;
  className?: string;
  empty?: ReactNode;
  /** Row to bring into view (keyboard selection). */
  scrollToIndex?: number | null;
  /** Props for the scrolling element, e.g. to make it a focusable listbox (it never scrolls itself when focused). */
  containerProps?: React.HTMLAttributes<HTMLDivElement>;
  /** The row list's role (`none` when the container is the listbox). */
  rowsRole?: string;
  /** The scrolling element, for the caller (e.g. to give it the focus back). */
  containerRef?: React.RefObject<HTMLDivElement | null>;
}) {
  const { items, rowHeight } = props;
  const ownRef = useRef<HTMLDivElement>(null);
  const ref = props.containerRef ?? ownRef;
  const following = useRef(true);
  const count = useRef(items.length);
  count.current = items.length;
  const [view, setView] = useState({ top: 0, height: 0 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const show = (top: number, height: number) =>
      setView((prev) => {
        if (prev.height === height) {
          const a = virtualWindow(prev.top, height, rowHeight, count.current);
          const b = virtualWindow(top, height, rowHeight, count.current);
          if (a.start === b.start && a.end === b.end) return prev;
        }
        return { top, height };
      });
    const onScroll = () => {
      following.current = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK_PX;
      show(el.scrollTop, el.clientHeight);
    };
    const observer = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
      show(el.scrollTop, el.clientHeight);
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el);
    show(el.scrollTop, el.clientHeight);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [ref, rowHeight]);

  useLayoutEffect(() => {
    // Following: the bottom rows are already rendered; bring them into view in
    // this commit, so the frame that paints them also delivers the scroll event.
    const el = ref.current;
    if (el !== null && following.current) el.scrollTop = el.scrollHeight;
  }, [ref, items]);

  useLayoutEffect(() => {
    const el = ref.current;
    const i = props.scrollToIndex;
    if (el === null || i === null || i === undefined || i < 0) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [ref, props.scrollToIndex, rowHeight]);

  // Following: the last rows, whatever the scroll position was before they arrived.
  const top = following.current ? Math.max(0, items.length * rowHeight - view.height) : view.top;
  const w = virtualWindow(top, view.height, rowHeight, items.length);
  const rows: ReactNode[] = [];
  for (let i = w.start; i < w.end; i++) rows.push(props.renderRow(items[i]!, i));

  // The frame is what the parent lays out (a grid or flex item); the scroller inside it is a plain block sized by the
  // frame, so with `contain: strict` Chromium lays out new rows from the scroller down (it never starts a layout at a
  // grid or flex item: in a trace of a page adding a row, the layout root went from the document to the list).
  return (
    <div className="virtual-frame">
      <div {...props.containerProps} className={`virtual-scroll ${props.className ?? ''}`} ref={ref}>
        {items.length === 0 ? (
          props.empty
        ) : (
          <div className="virtual-content" style={{ height: w.totalHeight }} role={props.rowsRole === undefined ? undefined : 'none'}>
            <ol role={props.rowsRole} className="virtual-rows" style={{ transform: `translateY(${w.offsetTop}px)` }} start={w.start + 1}>
              {rows}
            </ol>
          </div>
        )}
      </div>
    </div>
  );
}
