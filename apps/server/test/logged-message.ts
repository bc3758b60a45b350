import { encodeBmpMessage } from '@bmp-lab/codec';
import { recordFromBytes } from '@bmp-lab/collector';
import type { StationMessageView } from '@bmp-lab/protocol';
import { peerHeader } from '@bmp-lab/test-support';

/**
 * A station message as the store is handed it: real BMP bytes (a Statistics
 * Report whose counter is `seq`) and the station's record of them, which the
 * store's writer thread makes again from the bytes.
 */
export function loggedMessage(
  seq: number,
  origin: Partial<Pick<StationMessageView, 'router' | 'connection' | 'sessionKey'>> = {},
): { view: StationMessageView; bytes: Uint8Array } {
  const bytes = encodeBmpMessage({ type: 'statistics-report', peer: peerHeader('10.2.2.2', 200), stats: [{ kind: 'counter', type: 0, value: seq }] });
  const view = recordFromBytes(
    { receivedAt: 1_700_000_000_000 + seq, station: '10.1.1.1:1790', router: '10.0.0.1:50000', connection: '10.1.1.1:1790<-127.0.0.1:50000', sessionKey: null, ...origin },
    seq,
    bytes,
  );
  if (view === null) throw new Error('a Statistics Report that does not decode');
  return { view, bytes };
}
