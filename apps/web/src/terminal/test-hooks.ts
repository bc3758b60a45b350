import { bufferText, type BufferLike } from './terminal-text.js';

/**
 * `window.bmpLab`: hooks for end-to-end tests (DESIGN §3, public contract).
 * Users' Playwright tests call them; change them only on purpose.
 */
export interface BmpLabTestHooks {
  /** The terminal buffer (scrollback + screen) as plain text; '' before the terminal exists. */
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

const mounted: TerminalLike[] = [];

/** Make `terminal` the one `terminalText()` reads (the newest mounted wins). Returns the undo. */
export function registerTerminal(terminal: TerminalLike): () => void {
  mounted.push(terminal);
  return () => {
    const i = mounted.lastIndexOf(terminal);
    if (i >= 0) mounted.splice(i, 1);
  };
}

export function installTestHooks(target: Window): void {
  target.bmpLab = {
    terminalText() {
      const t = mounted[mounted.length - 1];
      return t === undefined ? '' : bufferText(t.buffer.active);
    },
  };
}
