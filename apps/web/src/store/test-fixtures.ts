import { emptyMessageCounts, type BmpSessionView, type StationMessageView } from '@bmp-lab/protocol';

/** Test data builders shared by the store and connection tests. */
export function session(over: Partial<BmpSessionView> = {}): BmpSessionView {
  const address = over.address ?? '10.1.1.1';
  const alias = over.alias ?? null;
  const vpnInstance = over.vpnInstance ?? null;
  return {
    key: `${vpnInstance ?? '_public_'}|${address}|${alias ?? ''}`,
    address,
    alias,
    vpnInstance,
    port: 1790,
    state: 'down',
    downReason: null,
    since: 1_000,
    localAddress: null,
    localPort: null,
    sent: emptyMessageCounts(),
    bytesSent: 0,
    connects: 0,
    ...over,
  };
}

export function stationMessage(seq: number, over: Partial<StationMessageView> = {}): StationMessageView {
  return {
    seq,
    receivedAt: 1_000 + seq,
    station: '10.1.1.1:1790',
    router: '127.0.0.1:50000',
    type: 'initiation',
    length: 60,
    summary: `message ${seq}`,
    ...over,
  };
}
