import { emptyMessageCounts, type BmpSessionView, type MessageCounts, type StationMessageView, type StationRouterView } from '@bmp-lab/protocol';

/** Test data builders shared by the store, connection and feature tests. */
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
    connectRetryAt: null,
    statisticsTimer: 3600,
    statisticsAt: null,
    feeds: [],
    pendingBytes: 0,
    ...over,
  };
}

export function stationMessage(seq: number, over: Partial<StationMessageView> = {}): StationMessageView {
  return {
    seq,
    receivedAt: 1_000 + seq,
    station: '10.1.1.1:1790',
    router: '127.0.0.1:50000',
    connection: '10.1.1.1:1790|127.0.0.1:50000',
    type: 'initiation',
    length: 60,
    summary: `message ${seq}`,
    peer: null,
    peerView: null,
    sessionKey: '_public_|10.1.1.1|',
    ...over,
  };
}

export function counts(over: Partial<MessageCounts> = {}): MessageCounts {
  return { ...emptyMessageCounts(), ...over };
}

export function stationRouter(over: Partial<StationRouterView> = {}): StationRouterView {
  const station = over.station ?? '10.1.1.1:1790';
  const router = over.router ?? '127.0.0.1:50000';
  return {
    id: `${station}|${router}`,
    station,
    router,
    socket: over.socket ?? router,
    sysName: 'HUAWEI',
    sysDescr: 'Huawei Versatile Routing Platform Software',
    connectedAt: 1_000,
    closedAt: null,
    received: emptyMessageCounts(),
    bytes: 0,
    peersUp: [],
    routes: [],
    sessionKey: '_public_|10.1.1.1|',
    ...over,
  };
}
