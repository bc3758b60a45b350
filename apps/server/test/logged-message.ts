import { encodeBmpMessage } from '@bmp-lab/codec';
import { LoggedMessage } from '@bmp-lab/collector';
import type { StationMessageView } from '@bmp-lab/protocol';
import { peerHeader } from '@bmp-lab/test-support';

/**
 * A station message as the store is handed it: the station's log entry of
 * real BMP bytes (a Statistics Report whose counter is `seq`), whose record
 * is made from them when read (the store's writer thread makes it there).
 */
export function loggedMessage(seq: number, origin: Partial<Pick<StationMessageView, 'router' | 'connection' | 'sessionKey'>> = {}): LoggedMessage {
  const bytes = encodeBmpMessage({ type: 'statistics-report', peer: peerHeader('10.2.2.2', 200), stats: [{ kind: 'counter', type: 0, value: seq }] });
  const from = {
    receivedAt: 1_700_000_000_000 + seq,
    station: '10.1.1.1:1790',
    router: '10.0.0.1:50000',
    connection: '10.1.1.1:1790<-127.0.0.1:50000',
    sessionKey: null,
    ...origin,
  };
  return new LoggedMessage(seq, 'statistics-report', from, bytes.length, bytes);
}
