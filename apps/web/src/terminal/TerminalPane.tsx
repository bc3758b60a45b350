import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { TEST_IDS } from '@bmp-lab/protocol';
import { useEffect, useRef } from 'react';
import { useLab } from '../app/lab-context.js';
import { mountTerminal } from './mount-terminal.js';

/** The router's console: an xterm that fills its pane. */
export function TerminalPane() {
  const { connection, console } = useLab();
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const view = mountTerminal(host, { connection, console });
    view.focus();
    return () => view.dispose();
  }, [connection, console]);

  return <div className="terminal-host" data-testid={TEST_IDS.terminal} ref={hostRef} />;
}
