import { BMP_MESSAGE_TYPE_NAMES } from '@bmp-lab/codec';
import type { BmpMessage } from '@bmp-lab/codec';
import { StationRib, peerViewName, type StationEvent } from '@bmp-lab/collector';
import type { MessageCounts, StationMessageView, StationRouterView } from '@bmp-lab/protocol';
import type { PcapStream } from './pcap-writer.js';

/** Bytes of one connection kept for its pcap download. */
export const PCAP_LIMIT_BYTES = 16 * 1024 * 1024;
/** Closed connections remembered (newest kept). */
const CLOSED_KEPT = 50;

interface Connection {
  view: StationRouterView;
  /** The routes this connection reported; dropped with the connection (a closed one holds none). */
  rib: StationRib | null;
  capture: PcapStream;
  captured: number;
}

/**
 * What the station knows about each router connection: identity from the
 * Initiation, counts by type, peers up, the routes it holds per monitored
 * peer and view, and the received bytes for a pcap.
 * It is the station's side of the reconciliation against what the router
 * says it sent.
 */
export class StationRecorder {
  private readonly connections = new Map<string, Connection>();

  constructor(
    /** The lab station port behind a station name, for the pcap (10.1.1.1:1790 → 1790). */
    private readonly stationPort: (station: string) => number,
  ) {}

  routers(): StationRouterView[] {
    return [...this.connections.values()].map((c) => current(c));
  }

  get(id: string): StationRouterView | undefined {
    const c = this.connections.get(id);
    return c && current(c);
  }

  pcap(id: string): PcapStream | undefined {
    return this.connections.get(id)?.capture;
  }

  /** Record an event; returns the connection's view (its `routes` are brought up to date by `get` and `routers`). */
  record(event: StationEvent): StationRouterView {
    const id = connectionId(event.station, event.router);
    let c = this.connections.get(id);
    if (!c || event.kind === 'connected') {
      c = this.open(id, event.station, event.router, event.at);
    }
    const v = c.view;
    switch (event.kind) {
      case 'message': {
        v.received[event.type]++;
        v.bytes += event.length;
        this.learn(v, event.message);
        if (c.rib && (event.type === 'route-monitoring' || event.type === 'peer-up' || event.type === 'peer-down')) {
          c.rib.apply(event.message, event.bytes);
        }
        if (c.captured + event.bytes.length <= PCAP_LIMIT_BYTES) {
          c.capture.chunks.push({ at: event.at, bytes: event.bytes });
          c.captured += event.bytes.length;
        }
        break;
      }
      case 'error':
        if (c.rib && event.treatAsWithdraw) {
          c.rib.withdrawUpdate(event.treatAsWithdraw.peer, event.treatAsWithdraw.bytes);
        }
        break;
      case 'disconnected':
        v.closedAt = event.at;
        // BMP holds routes only while the session lives (RFC 7854 §3.3: a new session starts with a full dump).
        c.rib = null;
        v.routes = [];
        c.capture.closedAt = event.at;
        this.forgetOldClosed();
        break;
      default:
        break;
    }
    return v;
  }

  /** Tie a connection to the lab router's session that opened it. */
  link(id: string, sessionKey: string): void {
    const c = this.connections.get(id);
    if (c) c.view.sessionKey = sessionKey;
  }

  private open(id: string, station: string, router: string, at: number): Connection {
    const [routerAddress, routerPort] = splitEndpoint(router);
    const [stationAddress] = splitEndpoint(station);
    const c: Connection = {
      view: {
        id,
        station,
        router,
        sysName: null,
        sysDescr: null,
        connectedAt: at,
        closedAt: null,
        received: Object.fromEntries(BMP_MESSAGE_TYPE_NAMES.map((t) => [t, 0])) as MessageCounts,
        bytes: 0,
        peersUp: [],
        routes: [],
        sessionKey: null,
      },
      rib: new StationRib(),
      capture: {
        client: { address: routerAddress, port: routerPort },
        server: { address: stationAddress.startsWith('10.') || stationAddress.startsWith('127.') ? stationAddress : '127.0.0.1', port: this.stationPort(station) },
        chunks: [],
        closedAt: null,
      },
      captured: 0,
    };
    this.connections.set(id, c);
    return c;
  }

  private learn(v: StationRouterView, m: BmpMessage): void {
    if (m.type === 'initiation') {
      for (const t of m.tlvs) {
        if (t.type === 'sysName') v.sysName = t.value;
        if (t.type === 'sysDescr') v.sysDescr = t.value;
      }
    } else if (m.type === 'peer-up') {
      const name = m.peer.peerType === 3 ? 'Loc-RIB' : m.peer.address;
      if (!v.peersUp.includes(name)) v.peersUp.push(name);
    } else if (m.type === 'peer-down') {
      const name = m.peer.peerType === 3 ? 'Loc-RIB' : m.peer.address;
      v.peersUp = v.peersUp.filter((p) => p !== name);
    }
  }

  private forgetOldClosed(): void {
    const closed = [...this.connections.values()].filter((c) => c.view.closedAt !== null);
    for (const c of closed.slice(0, Math.max(0, closed.length - CLOSED_KEPT))) this.connections.delete(c.view.id);
  }
}

/** The view with its route counts taken from the table now: read when sent, not on every Route Monitoring. */
function current(c: Connection): StationRouterView {
  if (c.rib) c.view.routes = c.rib.summaries();
  return c.view;
}

export function connectionId(station: string, router: string): string {
  return `${station}<-${router}`;
}

function splitEndpoint(endpoint: string): [string, number] {
  const i = endpoint.lastIndexOf(':');
  return [endpoint.slice(0, i), Number(endpoint.slice(i + 1)) || 0];
}

/** The per-peer header of a message in words, for the message list. */
export function peerOf(m: BmpMessage): Pick<StationMessageView, 'peer' | 'peerView'> {
  if (m.type === 'initiation' || m.type === 'termination') return { peer: null, peerView: null };
  return { peer: m.peer.address, peerView: peerViewName(m.peer) };
}
