import { describe, expect, it } from 'vitest';
import { focusExit } from './focus-exit.js';

const key = (k: string, mods: { shift?: boolean; ctrl?: boolean; alt?: boolean } = {}, type = 'keydown') => ({
  type,
  key: k,
  shiftKey: mods.shift ?? false,
  ctrlKey: mods.ctrl ?? false,
  altKey: mods.alt ?? false,
  metaKey: false,
});

/** Feed keys through focusExit like the terminal does; returns what reached the router and whether the focus left. */
function play(keys: ReturnType<typeof key>[]): { sent: string[]; left: boolean } {
  let held = false;
  const sent: string[] = [];
  let left = false;
  for (const k of keys) {
    const r = focusExit(k, held);
    held = r.hold;
    if (r.flushEscape) sent.push('ESC');
    if (r.leave) left = true;
    else if (!r.hold && k.type === 'keydown' && !['Shift', 'Control', 'Alt', 'Meta'].includes(k.key)) sent.push(k.key);
  }
  return { sent, left };
}

describe('the way out of the terminal', () => {
  it('keeps Tab for the router (completion)', () => {
    expect(play([key('d'), key('i'), key('Tab')])).toEqual({ sent: ['d', 'i', 'Tab'], left: false });
  });

  it('leaves with Esc then Tab, sending nothing', () => {
    expect(play([key('Escape'), key('Escape', {}, 'keyup'), key('Tab')])).toEqual({ sent: [], left: true });
  });

  it('leaves backwards with Shift+Tab, alone or after Esc', () => {
    expect(play([key('Shift'), key('Tab', { shift: true })])).toEqual({ sent: [], left: true });
    expect(play([key('Escape'), key('Shift'), key('Tab', { shift: true })])).toEqual({ sent: [], left: true });
  });

  it('still sends Esc+B and Esc+F to the line editor, Esc first', () => {
    expect(play([key('Escape'), key('b'), key('Escape'), key('f')])).toEqual({ sent: ['ESC', 'b', 'ESC', 'f'], left: false });
    expect(play([key('Escape'), key('Escape'), key('x')])).toEqual({ sent: ['ESC', 'ESC', 'x'], left: false });
  });

  it('does not take Ctrl+Tab or Alt+Tab', () => {
    expect(focusExit(key('Tab', { ctrl: true }), true)).toEqual({ leave: false, hold: false, flushEscape: true });
    expect(focusExit(key('Tab', { alt: true }), false).leave).toBe(false);
  });
});
