/**
 * The way out of the terminal by keyboard (it takes Tab for the router's
 * completion, so Tab alone cannot leave): Esc then Tab moves the focus to the
 * next control, Esc then Shift+Tab (or Shift+Tab alone, which the router has
 * no use for) to the previous one. A lone Esc is held back until the next key
 * and then sent first, so Esc+B / Esc+F still reach the router's line editor
 * as before. Pure: given a key event and whether an Esc is held, it says
 * what to do.
 */
export function focusExit(
  ev: Pick<KeyboardEvent, 'type' | 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>,
  escapeHeld: boolean,
): { leave: boolean; hold: boolean; flushEscape: boolean } {
  const none = { leave: false, hold: escapeHeld, flushEscape: false };
  if (ev.type !== 'keydown') return none;
  const other = ev.ctrlKey || ev.altKey || ev.metaKey;
  if (ev.key === 'Tab' && !other && (escapeHeld || ev.shiftKey)) return { leave: true, hold: false, flushEscape: false };
  if (ev.key === 'Escape' && !other && !ev.shiftKey) return { leave: false, hold: true, flushEscape: escapeHeld };
  // Shift, Control… on their own: the chord is not complete yet.
  if (ev.key === 'Shift' || ev.key === 'Control' || ev.key === 'Alt' || ev.key === 'Meta') return none;
  return { leave: false, hold: false, flushEscape: escapeHeld };
}
