import './type-names-agree.js';
import type { BmpSessionStatus } from '@bmp-lab/router';
import { sessionKey } from '@bmp-lab/router';
import type { BmpSessionView } from '@bmp-lab/protocol';

/** The dashboard's view of a router session: `connecting` is still Down, as VRP shows it. */
export function toSessionView(s: BmpSessionStatus): BmpSessionView {
  return {
    key: sessionKey(s.id),
    address: s.id.address,
    alias: s.id.alias,
    vpnInstance: s.id.vpnInstance,
    port: s.port,
    state: s.state === 'up' ? 'up' : 'down',
    downReason: s.state === 'up' ? null : s.downReason,
    since: s.since,
    localAddress: s.localAddress,
    localPort: s.localPort,
    socketAddress: s.socketAddress,
    sent: { ...s.sent },
    connections: s.connections.map((c) => ({ socket: c.socket, local: c.local, openedAt: c.openedAt, closedAt: c.closedAt, sent: { ...c.sent } })),
    bytesSent: s.bytesSent,
    connects: s.connects,
    connectRetryAt: s.connectRetryAt,
    statisticsTimer: s.statisticsTimer,
    statisticsAt: s.statisticsAt,
    feeds: s.feeds.map((f) => ({ peer: f.peer, rib: f.rib, postPolicy: f.postPolicy, up: f.up })),
    pendingBytes: s.pendingBytes,
  };
}
