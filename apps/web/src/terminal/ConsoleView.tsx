import { TEST_IDS } from '@bmp-lab/protocol';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useLab } from '../app/lab-context.js';
import { useTheme } from '../app/theme.js';
import type { ConsoleTab } from '../store/index.js';
import { mountTerminal, type MountedTerminal } from './mount-terminal.js';

/** The element that says how to leave the terminal by keyboard (every terminal's aria-describedby). */
export const TERMINAL_KEYS_HINT_ID = 'terminal-keys-hint';

/**
 * One console tab's terminal. Inactive tabs stay mounted (hidden) so their
 * scrollback and state survive; only the active one carries the public
 * `data-testid="terminal"`.
 */
export function ConsoleView({ tab, active, searchRequest }: { tab: ConsoleTab; active: boolean; searchRequest: number }) {
  const { connection, priority } = useLab();
  const { theme } = useTheme();
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<MountedTerminal | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const themeRef = useRef(theme);
  themeRef.current = theme;

  useEffect(() => {
    const host = hostRef.current;
    const channel = connection.consoles.channel(tab.localId);
    if (host === null || channel === null) return;
    const view = mountTerminal(host, {
      id: tab.localId,
      channel,
      theme: themeRef.current,
      sendInput: (data) => connection.consoles.input(tab.localId, data),
      resize: (cols, rows) => connection.consoles.resize(tab.localId, cols, rows),
      onSearchKey: () => {
        setSearchOpen(true);
        requestAnimationFrame(() => searchRef.current?.select());
      },
      onSearchResults: (index, count) => setResults({ index, count }),
      onKeystroke: priority.keystroke,
      onOutputRendered: priority.echoRendered,
      describedBy: TERMINAL_KEYS_HINT_ID,
    });
    viewRef.current = view;
    return () => {
      viewRef.current = null;
      view.dispose();
    };
  }, [connection, priority, tab.localId]);

  useEffect(() => viewRef.current?.setTheme(theme), [theme]);

  useEffect(() => {
    if (!active) return;
    const view = viewRef.current;
    if (view === null) return;
    // It was hidden: fit to the pane now, then take the keyboard — unless the
    // tab was chosen with the arrow keys (the focus stays in the tab strip).
    const id = requestAnimationFrame(() => {
      view.refit();
      const focused = document.activeElement;
      const arrowing = focused !== null && focused.closest('[role="tablist"]') !== null && focused.matches(':focus-visible');
      if (!searchOpen && !arrowing) view.focus();
    });
    return () => cancelAnimationFrame(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  useEffect(() => {
    if (searchRequest === 0 || !active) return;
    setSearchOpen(true);
    requestAnimationFrame(() => searchRef.current?.select());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchRequest]);

  const find = (direction: 'next' | 'previous') => {
    const term = searchRef.current?.value ?? '';
    const found = viewRef.current?.find(term, direction) ?? false;
    if (!found) setResults(term === '' ? null : { index: -1, count: 0 });
  };

  const closeSearch = () => {
    setSearchOpen(false);
    setResults(null);
    viewRef.current?.clearSearch();
    viewRef.current?.focus();
  };

  const onSearchKey = (ev: KeyboardEvent<HTMLInputElement>) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      find(ev.shiftKey ? 'previous' : 'next');
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      closeSearch();
    }
  };

  return (
    <div
      className={`console-view${active ? ' active' : ''}`}
      hidden={!active}
      data-console={tab.localId}
      role="tabpanel"
      id={`console-panel-${tab.localId}`}
      aria-labelledby={`console-tab-${tab.localId}`}
    >
      {searchOpen && (
        <div className="terminal-search" role="search">
          <input
            ref={searchRef}
            type="search"
            placeholder="Search scrollback"
            aria-label={`Search the scrollback of ${tab.title}`}
            onKeyDown={onSearchKey}
            onChange={() => find('next')}
          />
          <span className="search-count">{results === null ? '' : results.count === 0 ? 'no match' : `${results.index + 1} / ${results.count}`}</span>
          <button type="button" className="icon-button" aria-label={`Previous match in ${tab.title}`} title="Previous match (Shift+Enter)" onClick={() => find('previous')}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label={`Next match in ${tab.title}`} title="Next match (Enter)" onClick={() => find('next')}>
            ↓
          </button>
          <button type="button" className="icon-button" aria-label={`Close the search of ${tab.title}`} title="Close (Esc)" onClick={closeSearch}>
            ✕
          </button>
        </div>
      )}
      <div className="terminal-host" ref={hostRef} {...(active ? { 'data-testid': TEST_IDS.terminal } : {})} data-console-status={tab.status} />
      {tab.status === 'closed' && (
        <div className="console-overlay">
          <p>Console closed{tab.reason ? <>: {tab.reason}</> : null}</p>
          <button type="button" className="button" onClick={() => connection.consoles.reopen(tab.localId)}>
            Open a new session here
          </button>
        </div>
      )}
    </div>
  );
}
