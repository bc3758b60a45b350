import { TEST_IDS } from '@bmp-lab/protocol';
import { useMemo } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { selectSession } from '../../store/index.js';
import { formatBytes, formatEndpoint } from '../format.js';
import { SentCounters } from './SentCounters.js';
import { SessionAge } from './SessionAge.js';
import { SessionIdentity } from './SessionIdentity.js';
import { SessionStateCell } from './SessionStateCell.js';

/** One session; its `data-*` attributes are the public test hooks (DESIGN §3). */
export function SessionRow({ sessionKey }: { sessionKey: string }) {
  const selector = useMemo(() => selectSession(sessionKey), [sessionKey]);
  const s = useLabState(selector);
  if (s === undefined) return null;
  const local = formatEndpoint(s.localAddress, s.localPort);
  return (
    <tr
      data-testid={TEST_IDS.bmpSession}
      data-key={s.key}
      data-address={s.address}
      data-alias={s.alias ?? ''}
      data-vpn-instance={s.vpnInstance ?? ''}
      data-port={s.port === null ? '' : String(s.port)}
      data-state={s.state}
      className={`session-row state-${s.state}`}
    >
      <SessionIdentity address={s.address} alias={s.alias} vpnInstance={s.vpnInstance} />
      <td className="num">{s.port ?? <span className="muted" title="No tcp connect port committed yet">—</span>}</td>
      <SessionStateCell state={s.state} downReason={s.downReason} />
      <SessionAge since={s.since} />
      <td className="mono">{local ?? <span className="muted">—</span>}</td>
      <SentCounters sent={s.sent} />
      <td className="num">{formatBytes(s.bytesSent)}</td>
      <td className="num">{s.connects}</td>
    </tr>
  );
}
