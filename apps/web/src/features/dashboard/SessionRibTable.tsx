import { TEST_IDS } from '@bmp-lab/protocol';
import { memo, useMemo } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { selectConnectionRoutes, selectSessionConnectionId } from '../../store/index.js';
import { formatPrefixCount, isVpnDistinguisher, policyDelta, ribTable, type RibRow } from './rib-table.js';

const TABLE_TITLE = "Prefixes the monitoring station holds from this session's connection, decoded from its Route Monitoring, per monitored peer and view";

/**
 * Route counts per monitored peer and view, as the station holds them for the
 * session's open connection: pre- and post-policy side by side, so a policy
 * change shows at a glance. It reads only the connection's `routes`, which
 * change with the server's throttled `station.router` views, never per Route
 * Monitoring (memo: the card's own re-renders for its counters pass it by).
 */
export const SessionRibTable = memo(function SessionRibTable({ sessionKey }: { sessionKey: string }) {
  const connectionId = useLabState(useMemo(() => selectSessionConnectionId(sessionKey), [sessionKey]));
  const routes = useLabState(useMemo(() => selectConnectionRoutes(connectionId), [connectionId]));
  const table = useMemo(() => (routes === null ? null : ribTable(routes)), [routes]);

  if (connectionId === null || table === null || table.rows.length === 0) {
    return (
      <p className="rib-empty" data-testid="session-ribs" data-connection={connectionId ?? ''} title={TABLE_TITLE}>
        <span className="fact-label">Routes held</span>{' '}
        <span className="muted">{connectionId === null ? 'none: no open connection at the station' : 'none yet: no monitored peer reported'}</span>
      </p>
    );
  }
  return (
    <div className="rib-wrap" data-testid="session-ribs" data-connection={connectionId}>
      <table className="ribs">
        <thead>
          <tr>
            <th scope="col" className="ribs-corner" title={TABLE_TITLE}>
              Routes held
            </th>
            {table.columns.map((c) => (
              <th key={c.view} scope="col" className="num" title={c.long} data-view={c.view}>
                {c.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key} data-rib-row={row.locRib ? 'loc-rib' : row.peer} className={row.locRib ? 'loc-rib-row' : undefined}>
              <th scope="row" className="mono" title={rowTitle(row)}>
                {row.label}
                {isVpnDistinguisher(row.distinguisher) && <span className="rib-rd">RD</span>}
              </th>
              {table.columns.map((c) => {
                const n = row.counts[c.view];
                if (n === undefined) {
                  return (
                    <td key={c.view} className="num rib-none" title={`${c.short}: not reported for ${row.label}`}>
                      ·
                    </td>
                  );
                }
                const delta = policyDelta(row, c.view);
                return (
                  <td
                    key={c.view}
                    data-testid={TEST_IDS.sessionRibCount}
                    data-peer={row.peer}
                    data-view={c.view}
                    data-distinguisher={row.distinguisher}
                    data-prefixes={n}
                    className={`num${n === 0 ? ' zero' : ''}${delta !== null ? ' policy-differs' : ''}`}
                    title={cellTitle(row, c.long, n, delta)}
                  >
                    {formatPrefixCount(n)}
                    {delta !== null && <span className="rib-delta">{delta > 0 ? `+${delta}` : `−${-delta}`}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

function rowTitle(row: RibRow): string {
  const who = row.locRib ? 'Loc-RIB (BMP peer type 3, RFC 9069)' : `Monitored peer ${row.peer}`;
  return isVpnDistinguisher(row.distinguisher) ? `${who}, route distinguisher ${row.distinguisher}` : who;
}

function cellTitle(row: RibRow, viewLong: string, n: number, delta: number | null): string {
  const head = `${row.locRib ? 'Loc-RIB' : row.peer} — ${viewLong}\n${n.toLocaleString('en')} prefix${n === 1 ? '' : 'es'} held by the station`;
  if (delta === null) return head;
  return `${head}\n${Math.abs(delta).toLocaleString('en')} ${delta < 0 ? 'fewer' : 'more'} than pre-policy`;
}
