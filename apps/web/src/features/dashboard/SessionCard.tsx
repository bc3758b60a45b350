import { TEST_IDS } from '@bmp-lab/protocol';
import { useMemo, useState, type ReactNode } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { useNow } from '../../app/use-now.js';
import {
  selectRates,
  selectSession,
  selectStationRouterOrder,
  selectStationRouters,
  selectTimeline,
} from '../../store/index.js';
import { formatBytes, formatCountdown, formatEndpoint } from '../format.js';
import { pcapFileName, pcapUrl } from '../pcap.js';
import { CountersTable } from './CountersTable.js';
import { FeedList } from './FeedList.js';
import { RateChart } from './RateChart.js';
import { stationSideOf } from './reconcile.js';
import { SessionAge } from './SessionAge.js';
import { SessionRibTable } from './SessionRibTable.js';
import { TimelineList, TimelineStrip } from './Timeline.js';

/** One session; its `data-*` attributes are the public test hooks (DESIGN §3). */
export function SessionCard({ sessionKey }: { sessionKey: string }) {
  const s = useLabState(useMemo(() => selectSession(sessionKey), [sessionKey]));
  const timeline = useLabState(useMemo(() => selectTimeline(sessionKey), [sessionKey]));
  const rates = useLabState(useMemo(() => selectRates(sessionKey), [sessionKey]));
  const routers = useLabState(selectStationRouters);
  const routerOrder = useLabState(selectStationRouterOrder);
  const station = useMemo(() => stationSideOf(routers, routerOrder, sessionKey), [routers, routerOrder, sessionKey]);
  const [expanded, setExpanded] = useState(false);
  const now = useNow(500);
  if (s === undefined) return null;

  const local = formatEndpoint(s.localAddress, s.localPort);
  const latest = station?.connections[station.connections.length - 1];
  const feedsUp = s.feeds.filter((f) => f.up).length;

  return (
    <article
      role="listitem"
      data-testid={TEST_IDS.bmpSession}
      data-key={s.key}
      data-address={s.address}
      data-alias={s.alias ?? ''}
      data-vpn-instance={s.vpnInstance ?? ''}
      data-port={s.port === null ? '' : String(s.port)}
      data-state={s.state}
      className={`session-card state-${s.state}${expanded ? ' expanded' : ''}`}
    >
      <header className="session-head">
        <button
          type="button"
          className="expand-button"
          aria-expanded={expanded}
          aria-label={expanded ? 'Hide details' : 'Show details'}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <div className="session-identity">
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
          <SessionAge since={s.since} now={now} />
          {s.state === 'down' && s.downReason !== null && (
            <span className="down-reason" data-down-reason={s.downReason}>
              {s.downReason}
            </span>
          )}
        </div>
        <div className="session-actions">
          <RateChart samples={rates ?? []} now={now} />
          {latest !== undefined ? (
            <a
              className="icon-button pcap-link"
              href={pcapUrl(latest.id)}
              download={pcapFileName(latest.id)}
              title={`Download the BMP stream of ${latest.router} → ${latest.station} as pcap (Wireshark)`}
              data-pcap-connection={latest.id}
            >
              ⤓ pcap
            </a>
          ) : (
            <span className="icon-button disabled" title="The station has not seen this session yet">
              ⤓ pcap
            </span>
          )}
        </div>
      </header>

      <div className="session-facts">
        <Fact label="Local" title="Local TCP endpoint of the session">
          {local ?? <span className="muted">not connected</span>}
        </Fact>
        <Fact label="Sent" title={`${s.bytesSent} bytes written`}>
          {formatBytes(s.bytesSent)}
        </Fact>
        <Fact label="Connects" title="Times the TCP connection came up">
          <span data-connects={s.connects}>{s.connects}</span>
        </Fact>
        {s.connectRetryAt !== null && (
          <Fact label="ConnectRetry" title="The next connection attempt (ConnectRetry timer)">
            <span className="countdown" data-countdown="connect-retry">
              {formatCountdown(s.connectRetryAt - now)}
            </span>
          </Fact>
        )}
        <Fact label="Statistics" title={`statistics-timer ${s.statisticsTimer} s`}>
          {s.statisticsAt !== null ? (
            <span className="countdown" data-countdown="statistics">
              {formatCountdown(s.statisticsAt - now)}
            </span>
          ) : (
            <span className="muted">every {s.statisticsTimer}s</span>
          )}
        </Fact>
        <Fact label="Feeds" title="Monitored RIB views with a Peer Up sent / configured">
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

      <TimelineStrip entries={timeline ?? []} now={now} />

      <CountersTable sent={s.sent} received={station?.received ?? null} now={now} />

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
          {station !== null && (
            <div className="detail-block">
              <h3>Station connections</h3>
              <ul className="plain-list">
                {station.connections.map((c) => (
                  <li key={c.id} className="mono">
                    {c.router} → {c.station} {c.closedAt === null ? '' : '(closed)'}{' '}
                    <a href={pcapUrl(c.id)} download={pcapFileName(c.id)} className="link">
                      pcap
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </article>
  );
}

function Fact(props: { label: string; title: string; children: ReactNode }) {
  return (
    <span className="fact" title={props.title}>
      <span className="fact-label">{props.label}</span>
      <span className="fact-value mono">{props.children}</span>
    </span>
  );
}
