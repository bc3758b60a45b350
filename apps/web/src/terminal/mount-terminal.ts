import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import type { ConsoleChannel } from '../connection/console-channel.js';
import { focusExit } from './focus-exit.js';
import { registerTerminal } from './test-hooks.js';
import { TERMINAL_OPTIONS, terminalTheme, type ThemeName } from './terminal-theme.js';

export interface MountedTerminal {
  focus(): void;
  /** Fit to the host now (it just became visible). */
  refit(): void;
  setTheme(name: ThemeName): void;
  /** Find `term` in the scrollback; returns whether it was found. */
  find(term: string, direction: 'next' | 'previous', options?: ISearchOptions): boolean;
  clearSearch(): void;
  dispose(): void;
}

export interface TerminalDeps {
  /** The tab's id (for `window.bmpLab.terminalText()`). */
  id: string;
  channel: ConsoleChannel;
  sendInput(data: string): void;
  resize(cols: number, rows: number): void;
  theme: ThemeName;
  /** Ctrl+Shift+F in the terminal. */
  onSearchKey(): void;
  /** Search results changed (index -1 when none is active). */
  onSearchResults?(index: number, count: number): void;
  /** A key was typed (sent to the console); `enter`: it ended a line. */
  onKeystroke?(enter: boolean): void;
  /** Output was drawn (after a keystroke: its echo is on screen). */
  onOutputRendered?(): void;
  /** Id of the element that tells how to leave the terminal (the input's aria-describedby). */
  describedBy?: string;
}

/** The events of typing (keys, text input, IME composition) that stay inside the terminal. */
const TERMINAL_INPUT_EVENTS = ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'compositionstart', 'compositionupdate', 'compositionend'] as const;

const SEARCH_DECORATIONS = {
  matchBackground: '#6cb6ff44',
  matchOverviewRuler: '#6cb6ff',
  activeMatchBackground: '#e3b34199',
  activeMatchColorOverviewRuler: '#e3b341',
};

/**
 * An xterm in `host`, wired like xterm's AttachAddon: output from the
 * console's channel is written as it arrives, every keystroke goes to the
 * server raw (no local echo: the server-side line editor echoes), and size
 * changes made by the fit addon are reported. Search in scrollback, clickable
 * links and copy-on-select are on. Every listener is disposed with it.
 */
export function mountTerminal(host: HTMLElement, deps: TerminalDeps): MountedTerminal {
  const terminal = new Terminal({ ...TERMINAL_OPTIONS, theme: terminalTheme(deps.theme) });
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.loadAddon(new WebLinksAddon());
  terminal.open(host);

  /** Esc was pressed and not sent yet: Esc then Tab leaves the terminal (see focusExit). */
  let escapeHeld = false;
  terminal.attachCustomKeyEventHandler((ev) => {
    const exit = focusExit(ev, escapeHeld);
    escapeHeld = exit.hold;
    if (exit.flushEscape) deps.sendInput('\x1b');
    if (exit.leave) return false; // xterm leaves the key alone: the browser moves the focus
    if (exit.hold) return false;
    if (ev.type === 'keydown' && ev.ctrlKey && ev.shiftKey && (ev.key === 'F' || ev.key === 'f')) {
      ev.preventDefault();
      deps.onSearchKey();
      return false;
    }
    // Ctrl+Shift+C copies the selection (Ctrl+C stays the router's break key).
    if (ev.type === 'keydown' && ev.ctrlKey && ev.shiftKey && (ev.key === 'C' || ev.key === 'c')) {
      copy(terminal.getSelection());
      return false;
    }
    return true;
  });

  const cleanups: (() => void)[] = [];
  // What is typed into the terminal is the terminal's alone: it stops at the terminal's element instead of bubbling on
  // to the app root, where React's event delegation would go through its handlers again for every key (keydown,
  // keypress, input, keyup) with no handler above the terminal to find. Measured in Chromium traces of the keystroke
  // bench: handling a keydown took 0.74 ms in the lab against 0.55 ms in a bare xterm page, a keyup 0.28 against 0.12,
  // on the way from the key to its echo. Listeners on `window` in the capture phase still see every key.
  const stop = (ev: Event) => ev.stopPropagation();
  for (const type of TERMINAL_INPUT_EVENTS) host.addEventListener(type, stop);
  cleanups.push(() => {
    for (const type of TERMINAL_INPUT_EVENTS) host.removeEventListener(type, stop);
  });
  /** Output was parsed since the last render: the next render draws it. */
  let outputToDraw = false;
  const subs = [
    terminal.onData((data) => {
      // The key goes out first: nothing else runs between a keystroke and its frame on the socket.
      deps.sendInput(data);
      deps.onKeystroke?.(data.includes('\r'));
    }),
    terminal.onWriteParsed(() => {
      outputToDraw = true;
    }),
    terminal.onRender(() => {
      if (!outputToDraw) return;
      outputToDraw = false;
      deps.onOutputRendered?.();
    }),
    terminal.onResize(({ cols, rows }) => deps.resize(cols, rows)),
    // Copy on select, like a Unix terminal.
    terminal.onSelectionChange(() => {
      if (terminal.hasSelection()) copy(terminal.getSelection());
    }),
    search.onDidChangeResults(({ resultIndex, resultCount }) => deps.onSearchResults?.(resultIndex, resultCount)),
  ];
  cleanups.push(() => subs.forEach((s) => s.dispose()));

  if (deps.describedBy) terminal.textarea?.setAttribute('aria-describedby', deps.describedBy);

  refit(terminal, fit);
  deps.resize(terminal.cols, terminal.rows);

  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => refit(terminal, fit));
  });
  observer.observe(host);
  cleanups.push(() => {
    observer.disconnect();
    cancelAnimationFrame(frame);
  });

  cleanups.push(deps.channel.attach((data) => terminal.write(data)));
  cleanups.push(registerTerminal(deps.id, terminal));

  return {
    focus: () => terminal.focus(),
    refit: () => {
      refit(terminal, fit);
      deps.resize(terminal.cols, terminal.rows);
    },
    setTheme: (name) => {
      terminal.options.theme = terminalTheme(name);
    },
    find: (term, direction, options) => {
      if (term === '') {
        search.clearDecorations();
        return false;
      }
      const opts = { ...options, decorations: SEARCH_DECORATIONS };
      return direction === 'next' ? search.findNext(term, opts) : search.findPrevious(term, opts);
    },
    clearSearch: () => search.clearDecorations(),
    dispose() {
      for (const c of cleanups.reverse()) c();
      fit.dispose();
      terminal.dispose();
    },
  };
}

function copy(text: string): void {
  if (text === '') return;
  // Needs a secure context (127.0.0.1 is one) and focus; fails quietly otherwise.
  navigator.clipboard?.writeText(text).catch(() => undefined);
}

/** Fit to the host; skipped while it is hidden (the fit addon would propose nonsense). */
function refit(terminal: Terminal, fit: FitAddon): void {
  const element = terminal.element;
  if (!element || element.offsetParent === null) return;
  if (fit.proposeDimensions() === undefined) return;
  fit.fit();
}
