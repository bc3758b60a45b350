import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { DEFAULT_SPLIT, parseSplit, SPLIT_STORAGE_KEY, splitRatio } from './split.js';

function loadSplit(): number | null {
  try {
    return parseSplit(localStorage.getItem(SPLIT_STORAGE_KEY));
  } catch {
    return null;
  }
}

function saveSplit(ratio: number | null): void {
  try {
    if (ratio === null) localStorage.removeItem(SPLIT_STORAGE_KEY);
    else localStorage.setItem(SPLIT_STORAGE_KEY, ratio.toFixed(4));
  } catch {
    // not remembered: fine
  }
}

/** The workspace's content box: its left edge (viewport px) and width. */
function contentBox(el: HTMLElement): { left: number; width: number } {
  const style = getComputedStyle(el);
  const padLeft = parseFloat(style.paddingLeft) || 0;
  const padRight = parseFloat(style.paddingRight) || 0;
  return { left: el.getBoundingClientRect().left + padLeft, width: el.clientWidth - padLeft - padRight };
}

/**
 * The console's share of the workspace, a ratio with a draggable (and
 * keyboard-movable) splitter: it follows the window when that is resized,
 * and is remembered in localStorage — and so is a reset (double-click, or
 * Enter on the focused splitter), which forgets it.
 */
export function useSplit(container: React.RefObject<HTMLElement | null>) {
  const [ratio, setRatio] = useState<number | null>(() => loadSplit());
  const moveTo = useCallback(
    (clientX: number) => {
      const el = container.current;
      if (el === null) return;
      const box = contentBox(el);
      const r = splitRatio(clientX - box.left, box.width);
      setRatio(r);
      saveSplit(r);
    },
    [container],
  );
  const nudge = useCallback(
    (deltaPx: number) => {
      const el = container.current;
      if (el === null) return;
      const box = contentBox(el);
      const current = (ratio ?? DEFAULT_SPLIT) * box.width;
      const r = splitRatio(current + deltaPx, box.width);
      setRatio(r);
      saveSplit(r);
    },
    [container, ratio],
  );
  const reset = useCallback(() => {
    setRatio(null);
    saveSplit(null);
  }, []);
  return { ratio, moveTo, nudge, reset };
}

export function Splitter(props: { ratio: number | null; moveTo: (clientX: number) => void; nudge: (deltaPx: number) => void; onReset: () => void; controls: string }) {
  const dragging = useRef(false);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    document.body.classList.add('resizing');
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) props.moveTo(e.clientX);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    e.currentTarget.releasePointerCapture(e.pointerId);
    document.body.classList.remove('resizing');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 64 : 16;
    if (e.key === 'ArrowLeft') props.nudge(-step);
    else if (e.key === 'ArrowRight') props.nudge(step);
    else if (e.key === 'Enter' || e.key === 'Home') props.onReset();
    else return;
    e.preventDefault();
  };
  const percent = Math.round((props.ratio ?? DEFAULT_SPLIT) * 100);
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the console and the dashboard"
      aria-controls={props.controls}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`console ${percent}% of the width`}
      data-split={props.ratio === null ? 'default' : props.ratio.toFixed(4)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onDoubleClick={props.onReset}
      onKeyDown={onKeyDown}
      title="Drag (or ← →) to resize · double-click (or Enter) to reset"
    />
  );
}
