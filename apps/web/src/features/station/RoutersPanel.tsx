import { BMP_MESSAGE_TYPES } from '@bmp-lab/protocol';
import { useLabState } from '../../app/lab-context.js';
import { useNow } from '../../app/use-now.js';
import { selectStationRouterOrder, selectStationRouters } from '../../store/index.js';
import { BMP_TYPE_LABELS, BMP_TYPES_IN_SESSION_ORDER } from '../bmp-types.js';
import { formatAge, formatBytes, realSocketNote } from '../format.js';
import { pcapFileName, pcapUrl } from '../pcap.js';

/**
 * Every router connection the station has or had: the lab's own router and
 * external ones (GoBGP, FRR … reporting to 127.0.0.1:11019). sysName and
 * sysDescr come from the router: rendered as text, never as HTML.
 */
export function RoutersPanel({ visible }: { visible: boolean }) {
  const routers = useLabState(selectStationRouters);
  const order = useLabState(selectStationRouterOrder);
  // The "connected for" ages tick only while the tab is shown.
  const now = useNow(visible);
  // Open connections first, newest first within each group.
  const list = order
    .map((id) => routers[id]!)
    .filter((r) => r !== undefined)
    .sort((a, b) => ((a.closedAt === null) !== (b.closedAt === null) ? (a.closedAt === null ? -1 : 1) : b.connectedAt - a.connectedAt));
  if (list.length === 0) {
    return (
      <div className="empty-state">
        <p>No router has reported to the station yet.</p>
        <p className="muted">
          The lab router appears here once a BMP session is up. External routers (GoBGP, FRR, hardware) can report to the station on <span className="mono">127.0.0.1:11019</span>.
        </p>
      </div>
    );
  }
  return (
    <ul className="router-list" data-testid="routers-reporting">
      {list.map((r) => {
        const total = BMP_MESSAGE_TYPES.reduce((n, t) => n + r.received[t], 0);
        return (
          <li
            key={r.id}
            className={`router-card ${r.closedAt === null ? 'open' : 'closed'}`}
            data-testid="router-connection"
            data-connection={r.id}
            data-external={r.sessionKey === null}
            data-state={r.closedAt === null ? 'connected' : 'closed'}
          >
            <div className="router-head">
              <span className={`conn-dot ${r.closedAt === null ? 'ok' : 'off'}`} aria-hidden="true" />
              <span className="strong router-name">{r.sysName ?? r.router}</span>
              <span className={`tag ${r.sessionKey === null ? 'tag-external' : ''}`}>{r.sessionKey === null ? 'external' : 'lab router'}</span>
              <span className="mono muted" title={realSocketNote(r.router, r.socket)}>
                {r.router} → {r.station}
              </span>
              <span className="toolbar-spacer" />
              <span className="muted" title={new Date(r.connectedAt).toLocaleString()}>
                {r.closedAt === null ? `connected ${formatAge(now - r.connectedAt)}` : `closed ${formatAge(now - r.closedAt)} ago`}
              </span>
              <a
                className="icon-button pcap-link"
                href={pcapUrl(r.id)}
                download={pcapFileName(r.id)}
                aria-label={`Download the pcap of ${r.sysName ?? r.router} (${r.router} → ${r.station})`}
                title="Download this connection's BMP stream as pcap"
              >
                <span aria-hidden="true">⤓</span> pcap
              </a>
            </div>
            {r.sysDescr !== null && <div className="router-descr">{r.sysDescr}</div>}
            <div className="router-counts">
              {BMP_TYPES_IN_SESSION_ORDER.map((t) => (
                <span key={t} className={`count-chip type-${t}${r.received[t] === 0 ? ' zero' : ''}`} title={BMP_TYPE_LABELS[t].long} data-router-counter={t}>
                  {BMP_TYPE_LABELS[t].short} <b className="mono">{r.received[t]}</b>
                </span>
              ))}
              <span className="muted">
                {total} msgs · {formatBytes(r.bytes)}
              </span>
            </div>
            <div className="router-peers">
              <span className="fact-label">Peers up</span>{' '}
              {r.peersUp.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                r.peersUp.map((p) => (
                  <span key={p} className="tag mono">
                    {p}
                  </span>
                ))
              )}
            </div>
            <div className="router-peers" data-router-routes>
              <span className="fact-label" title="Routes the station holds from this connection's Route Monitoring, per monitored peer and view">
                Routes held
              </span>{' '}
              {r.routes.length === 0 ? (
                <span className="muted">{r.closedAt === null ? 'none' : 'none (connection closed)'}</span>
              ) : (
                r.routes.map((v) => (
                  <span key={`${v.distinguisher}/${v.peer}/${v.view}`} className="tag mono" data-rib-peer={v.peer} data-rib-view={v.view} data-prefixes={v.prefixes}>
                    {v.peer} {v.view}: <b>{v.prefixes.toLocaleString('en')}</b>
                  </span>
                ))
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
