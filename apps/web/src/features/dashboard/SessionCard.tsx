import { TEST_IDS } from '@bmp-lab/protocol';
import { useMemo, useState, type ReactNode } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { selectLabRouters, selectRates, selectSession, selectStationRouterOrder, selectStationRouters, selectTimeline } from '../../store/index.js';
import { formatBytes, formatEndpoint, realSocketNote } from '../format.js';
import { pcapFileName, pcapUrl } from '../pcap.js';
import { CountersTable } from './CountersTable.js';
import { FeedList } from './FeedList.js';
import { Hint } from './Hint.js';
import { RateChart } from './RateChart.js';
import { lostTypes, sessionConnections, type ConnectionSide } from './reconcile.js';
import { Countdown, SessionAge } from './SessionAge.js';
import { SessionRibTable } from './SessionRibTable.js';
import { TimelineList, TimelineStrip } from './Timeline.js';

/**
 * One session; its `data-*` attributes are the public test hooks (README,
 * UI test hooks). The card itself never ticks: the age, the countdowns, the
 * timeline and the rate chart each read the page's second clock, so a tick
 * re-renders only them.
 */
export function SessionCard({ sessionKey }: { sessionKey: string }) {
  const s = useLabState(useMemo(() => selectSession(sessionKey), [sessionKey]));
  const timeline = useLabState(useMemo(() => selectTimeline(sessionKey), [sessionKey]));
  const rates = useLabState(useMemo(() => selectRates(sessionKey), [sessionKey]));
  const routers = useLabState(selectStationRouters);
  // In a lab of several routers a card names the router the session belongs to.
  const severalRouters = useLabState(selectLabRouters).length > 1;
  const routerOrder = useLabState(selectStationRouterOrder);
  const connections = s?.connections;
  const sides = useMemo(
    () => (connections === undefined ? [] : sessionConnections({ key: sessionKey, connections }, routers, routerOrder)),
    [connections, routers, routerOrder, sessionKey],
  );
  const [expanded, setExpanded] = useState(false);
  if (s === undefined) return null;

  // The lab address the router reports; the real socket behind it only as a small second line.
  const local = formatEndpoint(s.localAddress, s.localPort);
  const socket = s.socketAddress != null && s.socketAddress !== s.localAddress ? formatEndpoint(s.socketAddress, s.localPort) : null;
  const current = sides[sides.length - 1] ?? null;
  const latest = current?.station ?? undefined;
  const history = sides.slice(0, -1).reverse();
  const feedsUp = s.feeds.filter((f) => f.up).length;

  return (
    <article
      role="listitem"
      data-testid={TEST_IDS.bmpSession}
      data-key={s.key}
      data-address={s.address}
      data-alias={s.alias ?? ''}
      data-vpn-instance={s.vpnInstance ?? ''}
      data-router={s.router ?? ''}
      data-port={s.port === null ? '' : String(s.port)}
      data-state={s.state}
      className={`session-card state-${s.state}${expanded ? ' expanded' : ''}`}
    >
      <header className="session-head">
        <button
          type="button"
          className="expand-button"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Hide details' : 'Show details'} of session ${sessionName(s, severalRouters)}`}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <div className="session-identity">
          {severalRouters && s.router !== undefined && (
            <span className="tag tag-router" title="the lab router this session belongs to">
              {s.router}
            </span>
          )}
          <span className="mono strong">{s.address}</span>
          {s.port !== null ? (
            <span className="mono port">:{s.port}</span>
          ) : (
            <span className="no-port" title="No `tcp connect port` committed: the session cannot connect">
              no port
            </span>
          )}
          {s.alias !== null && (
            <span className="tag" title="alias">
              alias {s.alias}
            </span>
          )}
          {s.vpnInstance !== null && (
            <span className="tag tag-vpn" title="vpn-instance">
              vpn {s.vpnInstance}
            </span>
          )}
        </div>
        <div className="session-state">
          <span className={`state-pill state-pill-${s.state}`} data-session-state={s.state}>
            {s.state === 'up' ? 'Up' : 'Down'}
          </span>
          <SessionAge since={s.since} />
          {s.state === 'down' && s.downReason !== null && (
            <span className="down-reason" data-down-reason={s.downReason}>
              {s.downReason}
            </span>
          )}
        </div>
        <div className="session-actions">
          <RateChart samples={rates ?? []} />
          {latest !== undefined ? (
            <a
              className="icon-button pcap-link"
              href={pcapUrl(latest.id)}
              download={pcapFileName(latest.id)}
              aria-label={`Download the pcap of session ${sessionName(s, severalRouters)} (${latest.router} → ${latest.station})`}
              title={`Download the BMP stream of ${latest.router} → ${latest.station} as pcap (Wireshark)`}
              data-pcap-connection={latest.id}
            >
              <span aria-hidden="true">⤓</span> pcap
            </a>
          ) : (
            <span className="icon-button disabled" title="The station has not seen this session yet">
              <span aria-hidden="true">⤓</span> pcap
            </span>
          )}
        </div>
      </header>

      <div className="session-facts">
        <Fact label="Local" title={realSocketNote(local ?? '', socket) ?? 'Local TCP endpoint of the session'}>
          {local !== null ? <span data-local-address={s.localAddress ?? ''}>{local}</span> : <span className="muted">not connected</span>}
          {socket !== null && (
            <span className="socket-line muted" data-socket={socket}>
              socket {socket}
            </span>
          )}
        </Fact>
        <Fact label="Sent" title={`${s.bytesSent} bytes written`}>
          {formatBytes(s.bytesSent)}
        </Fact>
        <Fact label="Connects" title="Times the TCP connection came up">
          <span data-connects={s.connects}>{s.connects}</span>
        </Fact>
        {s.connectRetryAt !== null && (
          <Fact label="ConnectRetry" title="The next connection attempt (ConnectRetry timer)">
            <Countdown at={s.connectRetryAt} kind="connect-retry" />
          </Fact>
        )}
        <Fact
          label="Statistics"
          title={`statistics-timer ${s.statisticsTimer} s`}
          hint={
            <Hint term="Statistics" testId="hint-statistics">
              Time until the next Statistics Report: the counters (routes in each RIB, updates rejected, …) the router sends the station every {s.statisticsTimer} seconds
              (statistics-timer, RFC 7854 section 4.8).
            </Hint>
          }
        >
          {s.statisticsAt !== null ? <Countdown at={s.statisticsAt} kind="statistics" /> : <span className="muted">every {s.statisticsTimer}s</span>}
        </Fact>
        <Fact
          label="Feeds"
          title="Monitored RIB views with a Peer Up sent / configured"
          hint={
            <Hint term="Feeds" testId="hint-feeds">
              The RIB views this session reports (a peer's routes as received or sent, before or after policy, or the Loc-RIB): those whose Peer Up went out / those configured.
              Show details lists them.
            </Hint>
          }
        >
          {feedsUp}/{s.feeds.length}
        </Fact>
        {s.pendingBytes > 0 && (
          <Fact label="Pending" title="Bytes queued that the station has not read yet (a slow station)">
            <span className="pending" data-pending-bytes={s.pendingBytes}>
              {formatBytes(s.pendingBytes)}
            </span>
          </Fact>
        )}
      </div>

      <TimelineStrip entries={timeline ?? []} />

      <CountersTable side={current} pendingBytes={s.pendingBytes} totalSent={s.sent} />

      <SessionRibTable sessionKey={sessionKey} />

      {expanded && (
        <div className="session-details">
          <div className="detail-block">
            <h3>Monitored feeds</h3>
            <FeedList feeds={s.feeds} />
          </div>
          <div className="detail-block">
            <h3>State timeline</h3>
            <TimelineList entries={timeline ?? []} />
          </div>
          {history.length > 0 && (
            <div className="detail-block">
              <h3>Earlier connections</h3>
              <ul className="plain-list">
                {history.map((c) => (
                  <EarlierConnection key={`${c.socket}|${c.station?.id ?? ''}`} side={c} />
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </article>
  );
}

/**
 * A closed connection of the session: its socket, what the router wrote on it
 * and what the station decoded, flagged only when the station has fewer.
 */
function EarlierConnection({ side }: { side: ConnectionSide }) {
  const sentTotal = Object.values(side.sent).reduce((a, b) => a + b, 0);
  const receivedTotal = side.received === null ? null : Object.values(side.received).reduce((a, b) => a + b, 0);
  const lost = side.received === null ? [] : lostTypes(side.sent, side.received);
  const reconciled = side.received === null ? 'unknown' : lost.length > 0 && side.ended ? 'mismatch' : 'ok';
  const station = side.station;
  return (
    <li
      className="mono"
      data-session-connection={side.socket}
      data-closed={side.closed ? 'true' : 'false'}
      data-reconciled={reconciled}
      data-sent-total={sentTotal}
      data-received-total={receivedTotal ?? ''}
    >
      <span title={realSocketNote(side.local, side.socket)}>{side.local}</span> → {station?.station ?? '?'} {side.closed ? '(closed)' : ''} sent {sentTotal}, received{' '}
      {receivedTotal ?? '–'}
      {reconciled === 'mismatch' && (
        <span className="mismatch-flag" role="img" aria-label="Counts differ" title={`The station decoded fewer: ${lost.join(', ')}`}>
          {' '}
          ⚠
        </span>
      )}{' '}
      {station !== null && (
        <a href={pcapUrl(station.id)} download={pcapFileName(station.id)} className="link" aria-label={`pcap of ${station.router} → ${station.station}`}>
          pcap
        </a>
      )}
    </li>
  );
}

/** `10.1.1.1:1790 alias a vpn v`, as the session is named in the dashboard. */
function sessionName(s: { address: string; port: number | null; alias: string | null; vpnInstance: string | null; router?: string | undefined }, withRouter: boolean): string {
  return `${withRouter && s.router !== undefined ? `${s.router} ` : ''}${s.address}${s.port !== null ? `:${s.port}` : ''}${s.alias !== null ? ` alias ${s.alias}` : ''}${s.vpnInstance !== null ? ` vpn ${s.vpnInstance}` : ''}`;
}

function Fact(props: { label: string; title: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <span className="fact" title={props.title}>
      <span className="fact-label">{props.label}</span>
      {props.hint}
      <span className="fact-value mono">{props.children}</span>
    </span>
  );
}
