import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { virtualWindow } from './virtual-window.js';

/** How close to the bottom (px) still counts as "following the log". */
const FOLLOW_SLACK_PX = 8;

/**
 * A scrolling list of fixed-height rows that renders only the rows in view
 * (plus an overscan), so 5,000 messages cost what 40 do. While the reader is
 * at the bottom it follows new rows; once they scroll up it stays put.
 */
export function VirtualList<T>(props: {
  items: readonly T[];
  rowHeight: number;
  renderRow: (item: T, index: number) => ReactNode;
  className?: string;
  empty?: ReactNode;
  /** Row to bring into view (keyboard selection). */
  scrollToIndex?: number | null;
}) {
  const { items, rowHeight } = props;
  const ref = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [view, setView] = useState({ top: 0, height: 0 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    const onScroll = () => {
      following.current = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK_PX;
      measure();
    };
    const observer = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
      measure();
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el);
    measure();
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el !== null && following.current && el.scrollTop !== el.scrollHeight - el.clientHeight) {
      el.scrollTop = el.scrollHeight;
      setView({ top: el.scrollTop, height: el.clientHeight });
    }
  }, [items]);

  useLayoutEffect(() => {
    const el = ref.current;
    const i = props.scrollToIndex;
    if (el === null || i === null || i === undefined || i < 0) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [props.scrollToIndex, rowHeight]);

  const w = virtualWindow(view.top, view.height, rowHeight, items.length);
  const rows: ReactNode[] = [];
  for (let i = w.start; i < w.end; i++) rows.push(props.renderRow(items[i]!, i));

  return (
    <div className={`virtual-scroll ${props.className ?? ''}`} ref={ref}>
      {items.length === 0 ? (
        props.empty
      ) : (
        <div className="virtual-content" style={{ height: w.totalHeight }}>
          <ol className="virtual-rows" style={{ transform: `translateY(${w.offsetTop}px)` }} start={w.start + 1}>
            {rows}
          </ol>
        </div>
      )}
    </div>
  );
}
