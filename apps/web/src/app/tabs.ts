import type { KeyboardEvent } from 'react';

/**
 * Where a key moves the focus in a tab list of `count` tabs, from tab
 * `index`: ← → (and ↑ ↓) to the neighbour, wrapping; Home and End to the
 * ends. Null for any other key.
 */
export function tabKeyTarget(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * onKeyDown for an element with role="tablist" whose tabs use a roving
 * tabindex (the selected tab 0, the others -1): the arrow keys, Home and End
 * select the target tab and move the focus to it.
 */
export function onTabListKeyDown(ev: KeyboardEvent<HTMLElement>, select: (index: number) => void): void {
  const tabs = [...ev.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
  const from = tabs.findIndex((t) => t === ev.target || t.contains(ev.target as Node));
  if (from < 0) return;
  const to = tabKeyTarget(ev.key, from, tabs.length);
  if (to === null) return;
  ev.preventDefault();
  select(to);
  tabs[to]!.focus();
}
