import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useState } from 'react';
import { useLab, useLabState } from '../app/lab-context.js';
import { dispatchUi, selectConnection, selectConsoles } from '../store/index.js';
import { ConsoleView } from './ConsoleView.js';

/** The router's consoles: a tab strip over one terminal per console. */
export function ConsolePane() {
  const { connection, store } = useLab();
  const { tabs, active } = useLabState(selectConsoles);
  const link = useLabState(selectConnection);
  const [searchRequest, setSearchRequest] = useState(0);
  return (
    <div className={`console-pane-inner link-${link.phase}`}>
      <div className="console-tabs" role="tablist" aria-label="Consoles">
        {tabs.map((t) => (
          <div
            key={t.localId}
            role="tab"
            aria-selected={t.localId === active}
            className={`console-tab${t.localId === active ? ' active' : ''} status-${t.status}`}
            data-console-tab={t.title}
            title={t.consoleId === null ? t.title : `${t.title} (console ${t.consoleId})`}
            onClick={() => dispatchUi(store, { type: 'consoles.activate', localId: t.localId })}
          >
            <span className="console-tab-dot" aria-hidden="true" />
            <span className="console-tab-title">{t.title}</span>
            <button
              type="button"
              className="console-tab-close"
              aria-label={`Close ${t.title}`}
              title="Close this console (logs it out)"
              onClick={(ev) => {
                ev.stopPropagation();
                connection.consoles.close(t.localId);
              }}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="console-tab-add"
          aria-label="Open another console"
          title="Open another console"
          onClick={() => connection.consoles.add()}
        >
          +
        </button>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="icon-button console-search-button"
          title="Search the scrollback (Ctrl+Shift+F)"
          aria-label="Search the scrollback"
          disabled={tabs.length === 0}
          onClick={() => setSearchRequest((n) => n + 1)}
        >
          ⌕ Search
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
