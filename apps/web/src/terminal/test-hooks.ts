import { bufferText, type BufferLike } from './terminal-text.js';

/**
 * `window.bmpLab`: hooks for end-to-end tests (a public contract: README, UI test hooks).
 * Users' Playwright tests call them; change them only on purpose.
 */
export interface BmpLabTestHooks {
  /** The active console's terminal buffer (scrollback + screen) as plain text; '' before a terminal exists. */
  terminalText(): string;
}

declare global {
  interface Window {
    bmpLab?: BmpLabTestHooks;
  }
}

/** Anything with xterm's `buffer.active`. */
export interface TerminalLike {
  readonly buffer: { readonly active: BufferLike };
}

const mounted: { id: string; terminal: TerminalLike }[] = [];

/** Make a console tab's terminal readable by `terminalText()`. Returns the undo. */
export function registerTerminal(id: string, terminal: TerminalLike): () => void {
  const entry = { id, terminal };
  mounted.push(entry);
  return () => {
    const i = mounted.indexOf(entry);
    if (i >= 0) mounted.splice(i, 1);
  };
}

/** The terminal `terminalText()` reads: the active tab's, else the newest mounted. */
export function activeTerminal(activeId: string | null): TerminalLike | undefined {
  const found = activeId === null ? undefined : mounted.find((m) => m.id === activeId);
  return (found ?? mounted[mounted.length - 1])?.terminal;
}

export function installTestHooks(target: Window, activeId: () => string | null): void {
  target.bmpLab = {
    terminalText() {
      const t = activeTerminal(activeId());
      return t === undefined ? '' : bufferText(t.buffer.active);
    },
  };
}
