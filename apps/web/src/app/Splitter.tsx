import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { clampSplit } from './split.js';

const STORAGE_KEY = 'bmplab.split';

function loadSplit(): number | null {
  try {
    const v = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/**
 * Width of the left pane, px, with a draggable (and keyboard-movable)
 * splitter; remembered in localStorage. Null until the user moves it (the
 * layout's default applies).
 */
export function useSplit(container: React.RefObject<HTMLElement | null>) {
  const [left, setLeft] = useState<number | null>(() => loadSplit());
  useEffect(() => {
    if (left === null) return;
    try {
      localStorage.setItem(STORAGE_KEY, String(Math.round(left)));
    } catch {
      // not remembered: fine
    }
  }, [left]);
  const set = useCallback(
    (px: number) => {
      const width = container.current?.clientWidth ?? 0;
      setLeft(clampSplit(px, width));
    },
    [container],
  );
  return { left, set, reset: () => setLeft(null) };
}

export function Splitter(props: { onMove: (leftPx: number) => void; onReset: () => void; current: () => number }) {
  const dragging = useRef(false);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    document.body.classList.add('resizing');
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    const parent = e.currentTarget.parentElement;
    if (parent === null) return;
    props.onMove(e.clientX - parent.getBoundingClientRect().left);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    e.currentTarget.releasePointerCapture(e.pointerId);
    document.body.classList.remove('resizing');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 64 : 16;
    if (e.key === 'ArrowLeft') props.onMove(props.current() - step);
    else if (e.key === 'ArrowRight') props.onMove(props.current() + step);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize console and dashboard"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onDoubleClick={props.onReset}
      onKeyDown={onKeyDown}
      title="Drag to resize · double-click to reset"
    />
  );
}
