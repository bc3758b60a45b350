import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useLab, useLabState } from '../app/lab-context.js';
import { onTabListKeyDown } from '../app/tabs.js';
import { dispatchUi, selectConnection, selectConsoles, selectLabRouters } from '../store/index.js';
import { ConsoleView, TERMINAL_KEYS_HINT_ID } from './ConsoleView.js';
import { RouterMenu } from './RouterMenu.js';

/** Give the keyboard to a console's terminal (xterm takes it through its input element). */
function focusTerminal(localId: string): void {
  document.querySelector<HTMLElement>(`[data-console="${CSS.escape(localId)}"] .xterm-helper-textarea`)?.focus();
}

/**
 * The router's consoles: a tab strip over one terminal per console. The
 * tabs are one tab stop (← → Home End switch, Enter goes into the terminal,
 * Delete closes); the terminal is left with Esc then Tab (the hint says so).
 */
export function ConsolePane() {
  const { connection, store } = useLab();
  const { tabs, active } = useLabState(selectConsoles);
  const link = useLabState(selectConnection);
  const [searchRequest, setSearchRequest] = useState(0);
  const routers = useLabState(selectLabRouters);
  // In a lab of several routers, + asks which one the new console logs in to.
  const [choosingRouter, setChoosingRouter] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const closeRouterMenu = useCallback(() => {
    setChoosingRouter(false);
    addButton.current?.focus();
  }, []);
  const addConsole = () => {
    if (routers.length > 1) setChoosingRouter((open) => !open);
    else connection.consoles.add();
  };
  const activate = (localId: string) => dispatchUi(store, { type: 'consoles.activate', localId });
  const onTabKey = (ev: KeyboardEvent<HTMLButtonElement>, localId: string) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      activate(localId);
      requestAnimationFrame(() => focusTerminal(localId));
    } else if (ev.key === 'Delete') {
      ev.preventDefault();
      connection.consoles.close(localId);
    }
  };
  return (
    <div className={`console-pane-inner link-${link.phase}`}>
      <div className="console-toolbar">
        <div className="console-tabs" role="tablist" aria-label="Consoles" onKeyDown={(e) => onTabListKeyDown(e, (i) => activate(tabs[i]!.localId))}>
          {tabs.map((t) => {
            const selected = t.localId === active;
            return (
              <div key={t.localId} role="none" className={`console-tab${selected ? ' active' : ''} status-${t.status}`} data-console-tab={t.title}>
                <button
                  type="button"
                  role="tab"
                  id={`console-tab-${t.localId}`}
                  aria-selected={selected}
                  aria-controls={`console-panel-${t.localId}`}
                  tabIndex={selected ? 0 : -1}
                  className="console-tab-button"
                  title={`${t.consoleId === null ? t.title : `${t.title} (console ${t.consoleId})`} · ← → switch, Enter to type, Delete to close`}
                  onClick={() => activate(t.localId)}
                  onKeyDown={(e) => onTabKey(e, t.localId)}
                >
                  <span className="console-tab-dot" aria-hidden="true" />
                  <span className="console-tab-title">{t.title}</span>
                  <span className="visually-hidden">{t.status === 'open' ? '' : `, ${t.status}`}</span>
                </button>
                <button
                  type="button"
                  className="console-tab-close"
                  tabIndex={-1}
                  aria-label={`Close ${t.title}`}
                  title="Close this console (logs it out) · Delete on the tab"
                  onClick={() => connection.consoles.close(t.localId)}
                >
                  ×
                </button>
              </div>
            );
          })}
        </div>
        <span className="console-tab-add-wrap">
          <button
            type="button"
            className="console-tab-add"
            ref={addButton}
            aria-label="Open another console"
            title={routers.length > 1 ? 'Open another console on one of the routers' : 'Open another console'}
            aria-haspopup={routers.length > 1 ? 'menu' : undefined}
            aria-expanded={routers.length > 1 ? choosingRouter : undefined}
            onClick={addConsole}
          >
            +
          </button>
          {choosingRouter && routers.length > 1 && (
            <RouterMenu
              routers={routers}
              onClose={closeRouterMenu}
              onPick={(sysname) => {
                setChoosingRouter(false);
                const localId = connection.consoles.add(sysname);
                requestAnimationFrame(() => focusTerminal(localId));
              }}
            />
          )}
        </span>
        <span className="toolbar-spacer" />
        <span className="terminal-keys-hint" id={TERMINAL_KEYS_HINT_ID} title="The terminal keeps Tab for command completion">
          <kbd>Esc</kbd> <kbd>Tab</kbd> leaves the console
        </span>
        <button
          type="button"
          className="icon-button console-search-button"
          title="Search the scrollback (Ctrl+Shift+F)"
          aria-label="Search the scrollback of the console"
          disabled={tabs.length === 0}
          onClick={() => setSearchRequest((n) => n + 1)}
        >
          <span aria-hidden="true">⌕</span> Search
        </button>
      </div>
      <div className="console-views">
        {tabs.length === 0 ? (
          <div className="console-empty">
            <p>No console is open.</p>
            <button type="button" className="button" onClick={() => connection.consoles.add()}>
              Open a console
            </button>
          </div>
        ) : (
          tabs.map((t) => <ConsoleView key={t.localId} tab={t} active={t.localId === active} searchRequest={t.localId === active ? searchRequest : 0} />)
        )}
        {link.phase !== 'open' && tabs.length > 0 && (
          <div className="console-link-banner" role="status">
            {link.offline ? 'Offline — the console resumes when the network is back' : 'Reconnecting — the console resumes where it was'}
          </div>
        )}
      </div>
    </div>
  );
}
