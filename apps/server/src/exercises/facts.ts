import { renderConfig } from '@bmp-lab/router';
import type { Device } from '@bmp-lab/router';
import { distinguisherText } from '@bmp-lab/exercises';
import type { Facts, MessageFact, RouterFacts, SessionId } from '@bmp-lab/exercises';
import type { Lab } from '../lab/lab.js';
import type { RouteFactLog } from './route-facts.js';

/** The session a station message names by key (`vpn|address|alias`, `_public_` for none), or null. */
export function sessionOfKey(key: string | null): SessionId | null {
  const parts = key?.split('|');
  if (!parts || parts.length !== 3 || !parts[1]) return null;
  return { vpnInstance: parts[0] === '_public_' ? null : parts[0]!, address: parts[1], alias: parts[2] === '' ? null : parts[2]! };
}

/** Which of the station's messages count for the open exercise, and whether the trainee acted yet. */
export interface FactWindow {
  /** Messages with a lower seq came before the exercise's (re)start or the last checkpoint restored. */
  sinceSeq: number;
  /** The first seq of the last open or reset (at most sinceSeq). */
  resetSeq: number;
  /**
   * Connections that were there before the (re)start: their late messages
   * (the Termination and Peer Downs of the configuration the reset blanked,
   * anything still in flight) do not count, whenever they arrive.
   */
  staleConnections: ReadonlySet<string>;
  acted: boolean;
}

/**
 * What checks see of a lab: the first router's running configuration,
 * sessions and BGP peers (the router's side) and the same of every other
 * router under its sysname (`routers`), and the station's received messages in the
 * window (since its seq, on connections opened after the (re)start) with the
 * sysName of their connection and the router session that opened it (the
 * wire's side: only what the station's own log recorded). With `routes`,
 * Route Monitoring messages carry their prefixes and attributes (as the
 * station decoded them on arrival), and the facts say which station
 * connections are still open.
 */
export function labFacts(lab: Lab, window: FactWindow, timeScale: number, routes?: RouteFactLog): Facts {
  const { sinceSeq } = window;
  const stale = new Set(window.staleConnections);
  const log = lab.log.recent();
  // A connection with a message from before the open or reset began before it, whatever the stored window says.
  for (const m of log) if (m.seq < window.resetSeq) stale.add(m.connection);
  const messages: MessageFact[] = [];
  const sysNames = new Map<string, string | null>();
  const sysNameOf = (connection: string): string | null => {
    let name = sysNames.get(connection);
    if (name === undefined) sysNames.set(connection, (name = lab.station.router(connection)?.sysName ?? null));
    return name;
  };
  for (const m of log) {
    if (m.seq < sinceSeq || stale.has(m.connection)) continue;
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
      session: sessionOfKey(m.sessionKey),
      // The station records the peer type and RD only when the RD is not zero: a header without them is the global
      // instance's, or the public Loc-RIB's (RFC 9069 peer type 3).
      peerType: m.peerView === null ? null : (m.peerType ?? (m.peerView === 'loc-rib' ? 3 : 0)),
      distinguisher: m.distinguisher === undefined ? null : distinguisherText(m.distinguisher),
    };
    const update = m.type === 'route-monitoring' ? routes?.get(m.seq) : undefined;
    if (update) fact.routes = update;
    messages.push(fact);
  }
  // The first router's facts are the top level; every other router's are under its sysname.
  const others = lab.routers.slice(1);
  return {
    ...routerFacts(lab.device),
    ...(others.length > 0 ? { routers: Object.fromEntries(others.map((r) => [r.sysname, routerFacts(r.device)])) } : {}),
    messages,
    ...(routes
      ? {
          openConnections: lab.station
            .routers()
            .filter((r) => r.closedAt === null)
            .map((r) => r.id),
        }
      : {}),
    timeScale,
    acted: window.acted,
  };
}

/** What router-reading checks see of one router: its running configuration as printed, its BMP sessions, its BGP peers. */
function routerFacts(device: Device): RouterFacts {
  return {
    config: renderConfig(device.running),
    sessions: device.bmpSessions().map((s) => ({
      address: s.id.address,
      vpnInstance: s.id.vpnInstance,
      alias: s.id.alias,
      port: s.port,
      state: s.state === 'up' ? 'up' : 'down',
      downReason: s.downReason,
      statisticsTimer: s.statisticsTimer,
    })),
    // The public network's peers, then each VPN instance's (a `bgp-peer` check names the instance).
    peers: [device.bgpPeers(), ...(device.running.bgp?.vpnInstances ?? []).map((v) => device.bgp().vpn?.(v.name).peers ?? [])]
      .flat()
      .map((p) => ({ address: p.address, asn: p.asn, state: p.state, vpnInstance: p.vpnInstance })),
  };
}
