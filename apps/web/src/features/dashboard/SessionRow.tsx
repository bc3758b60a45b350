import { TEST_IDS } from '@bmp-lab/protocol';
import { useMemo } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { selectSession } from '../../store/index.js';
import { SentCounters } from './SentCounters.js';
import { SessionIdentity } from './SessionIdentity.js';
import { SessionStateCell } from './SessionStateCell.js';
import { SessionTransport } from './SessionTransport.js';

/** One session; its `data-*` attributes are the public test hooks (DESIGN §3). */
export function SessionRow({ sessionKey }: { sessionKey: string }) {
  const selector = useMemo(() => selectSession(sessionKey), [sessionKey]);
  const s = useLabState(selector);
  if (s === undefined) return null;
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
      <SessionIdentity address={s.address} port={s.port} alias={s.alias} vpnInstance={s.vpnInstance} />
      <SessionStateCell state={s.state} downReason={s.downReason} since={s.since} />
      <SessionTransport
        localAddress={s.localAddress}
        localPort={s.localPort}
        bytesSent={s.bytesSent}
        connects={s.connects}
      />
      <SentCounters sent={s.sent} />
    </tr>
  );
}
