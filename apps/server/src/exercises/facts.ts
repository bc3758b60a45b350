import { renderConfig } from '@bmp-lab/router';
import type { Facts, MessageFact } from '@bmp-lab/exercises';
import type { Lab } from '../lab/lab.js';
import type { RouteFactLog } from './route-facts.js';

/**
 * What checks see of a lab: the router's running configuration, sessions and
 * BGP peers (the router's side), and the station's received messages since
 * `sinceSeq` with the sysName of their connection (the wire's side: only what
 * the station's own log recorded). With `routes`, Route Monitoring messages
 * carry their prefixes and attributes (as the station decoded them on
 * arrival), and the facts say which station connections are still open.
 */
export function labFacts(lab: Lab, sinceSeq: number, timeScale: number, routes?: RouteFactLog): Facts {
  const messages: MessageFact[] = [];
  const sysNames = new Map<string, string | null>();
  const sysNameOf = (connection: string): string | null => {
    let name = sysNames.get(connection);
    if (name === undefined) sysNames.set(connection, (name = lab.station.router(connection)?.sysName ?? null));
    return name;
  };
  for (const m of lab.log.recent()) {
    if (m.seq < sinceSeq) continue;
    const fact: MessageFact = {
      seq: m.seq,
      connection: m.connection,
      receivedAt: m.receivedAt,
      station: m.station,
      type: m.type,
      peer: m.peer,
      peerView: m.peerView,
      summary: m.summary,
      sysName: sysNameOf(m.connection),
    };
    const update = m.type === 'route-monitoring' ? routes?.get(m.seq) : undefined;
    if (update) fact.routes = update;
    messages.push(fact);
  }
  return {
    config: renderConfig(lab.device.running),
    sessions: lab.device.bmpSessions().map((s) => ({
      address: s.id.address,
      vpnInstance: s.id.vpnInstance,
      alias: s.id.alias,
      port: s.port,
      state: s.state === 'up' ? 'up' : 'down',
      downReason: s.downReason,
      statisticsTimer: s.statisticsTimer,
    })),
    peers: lab.device.bgpPeers().map((p) => ({ address: p.address, asn: p.asn, state: p.state })),
    messages,
    ...(routes ? { openConnections: lab.station.routers().filter((r) => r.closedAt === null).map((r) => r.id) } : {}),
    timeScale,
  };
}
