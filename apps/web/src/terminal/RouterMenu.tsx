import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { LabRouterView } from '@bmp-lab/protocol';

/**
 * Which router a new console logs in to, in a lab of several: a small menu
 * under the + button. ↑ ↓ Home End move, Enter picks, Esc (or a click
 * outside) closes and gives the focus back to the + button.
 */
export function RouterMenu(props: { routers: readonly LabRouterView[]; onPick: (sysname: string) => void; onClose: () => void }) {
  const { routers, onPick, onClose } = props;
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    // Outside the menu and its + button (whose own click closes it: closing here too would open it again).
    const outside = (ev: PointerEvent) => {
      const around = menu.current?.parentElement ?? menu.current;
      if (around !== null && around !== undefined && !around.contains(ev.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [onClose]);
  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const items = [...ev.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    let to: number | null = null;
    if (ev.key === 'ArrowDown') to = (at + 1) % items.length;
    else if (ev.key === 'ArrowUp') to = (at - 1 + items.length) % items.length;
    else if (ev.key === 'Home') to = 0;
    else if (ev.key === 'End') to = items.length - 1;
    else if (ev.key === 'Escape' || ev.key === 'Tab') {
      ev.preventDefault();
      onClose();
      return;
    }
    if (to === null) return;
    ev.preventDefault();
    items[to]?.focus();
  };
  return (
    <div className="router-menu" role="menu" aria-label="Open a console on" ref={menu} onKeyDown={onKeyDown}>
      {routers.map((r) => (
        <button key={r.sysname} type="button" role="menuitem" tabIndex={-1} data-router={r.sysname} onClick={() => onPick(r.sysname)}>
          <span className="router-menu-name">{r.sysname}</span>
          {r.address !== '' && <span className="router-menu-address">{r.address}</span>}
        </button>
      ))}
    </div>
  );
}
