import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import type { ConsoleChannel } from '../connection/console-channel.js';
import type { LabConnection } from '../connection/lab-connection.js';
import { registerTerminal } from './test-hooks.js';
import { TERMINAL_OPTIONS } from './terminal-theme.js';

export interface MountedTerminal {
  focus(): void;
  dispose(): void;
}

/**
 * An xterm in `host`, wired like xterm's AttachAddon: output from the console
 * channel is written as it arrives, every keystroke goes to the server raw
 * (no local echo: the server-side line editor echoes), and size changes made
 * by the fit addon are reported. Every listener is disposed with it.
 */
export function mountTerminal(
  host: HTMLElement,
  deps: { connection: Pick<LabConnection, 'sendInput' | 'resize'>; console: ConsoleChannel },
): MountedTerminal {
  const terminal = new Terminal(TERMINAL_OPTIONS);
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(host);

  const cleanups: (() => void)[] = [];
  const onData = terminal.onData((data) => deps.connection.sendInput(data));
  const onResize = terminal.onResize(({ cols, rows }) => deps.connection.resize(cols, rows));
  cleanups.push(
    () => onData.dispose(),
    () => onResize.dispose(),
  );

  refit(terminal, fit);
  deps.connection.resize(terminal.cols, terminal.rows);

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

  cleanups.push(deps.console.attach((data) => terminal.write(data)));
  cleanups.push(registerTerminal(terminal));

  return {
    focus: () => terminal.focus(),
    dispose() {
      for (const c of cleanups.reverse()) c();
      fit.dispose();
      terminal.dispose();
    },
  };
}

/** Fit to the host; skipped while it is hidden (the fit addon would propose nonsense). */
function refit(terminal: Terminal, fit: FitAddon): void {
  const element = terminal.element;
  if (!element || element.offsetParent === null) return;
  if (fit.proposeDimensions() === undefined) return;
  fit.fit();
}
