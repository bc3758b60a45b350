import type { ServerMessage, TopologyView } from '@bmp-lab/protocol';
import type { LabRouter } from './lab-router.js';
import { topologyView } from './topology-view.js';
import type { RouterFacts } from './topology-view.js';
import type { Topology } from './topology.js';

/** `topology.state` goes out at most this often (ms) per lab: a burst of peer and session changes is one message. */
const TOPOLOGY_STATE_MS = 100;

type Position = { x: number; y: number };

export interface TopologyViewStateOptions {
  /** The lab's topology: its neighbors and stations are nodes of the view. */
  topology: Topology;
  /** The lab's routers as they are now. */
  routers(): readonly LabRouter[];
  /** Where users dragged the nodes (node id → position), as stored with the lab. */
  positions: Map<string, Position>;
  /** Keep the positions with the lab. */
  savePositions(positions: ReadonlyMap<string, Position>): void;
  /** To the lab's viewers, without signalling a change. */
  send(message: ServerMessage): void;
  /** The lab stopped: nothing more goes out. */
  stopped: () => boolean;
}

/**
 * The topology view of one lab as its viewers see it: computed from the live
 * routers (topology-view.ts), with the node positions users dragged, and
 * sent as `topology.state` when it changes, at most once per
 * TOPOLOGY_STATE_MS.
 */
export class TopologyViewState {
  private timer: NodeJS.Timeout | null = null;
  private sentAt = -Infinity;
  /** The last `topology.state` sent, as JSON: a BMP session's counters change on every write, its link's state rarely. */
  private sent = '';

  constructor(private readonly options: TopologyViewStateOptions) {}

  /** The lab as nodes and links, with the live state of every BGP and BMP session (topology-view.ts). */
  view(): TopologyView {
    const { topology } = this.options;
    return topologyView({
      routers: this.options.routers().map(routerFacts),
      neighbors: topology.neighbors.map((n) => ({ address: n.address, asn: n.asn })),
      stations: topology.stations.flatMap((s) => s.ports.map((port) => ({ address: s.address, port, vpnInstance: s.vpnInstance ?? null }))),
      positions: this.options.positions,
    });
  }

  /**
   * A user dragged a node of the topology view: the position is kept with
   * the lab and every viewer gets the new view. False for a node the view
   * does not have.
   */
  moveNode(node: string, x: number, y: number): boolean {
    if (!this.view().nodes.some((n) => n.id === node)) return false;
    this.options.positions.set(node, { x, y });
    this.options.savePositions(this.options.positions);
    this.changed();
    return true;
  }

  /** Something the view shows changed: one `topology.state` per TOPOLOGY_STATE_MS at most. */
  changed(): void {
    const { stopped } = this.options;
    if (this.timer || stopped()) return;
    const wait = Math.max(0, this.sentAt + TOPOLOGY_STATE_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (stopped()) return;
      this.sentAt = Date.now();
      const topology = this.view();
      const json = JSON.stringify(topology);
      if (json === this.sent) return;
      this.sent = json;
      this.options.send({ type: 'topology.state', topology });
    }, wait);
    this.timer.unref();
  }

  /** Nothing more goes out (the lab is stopping). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** One router's BGP peers and BMP sessions with their live state. */
function routerFacts(r: LabRouter): RouterFacts {
  return {
    sysname: r.sysname,
    address: r.address,
    asn: r.device.bgpIdentity()?.asn ?? null,
    // The public peers, then each VPN instance's (a CE shows linked to its neighbor node).
    peers: [r.device.bgpPeers(), ...(r.device.running.bgp?.vpnInstances ?? []).map((v) => r.device.bgp().vpn?.(v.name).peers ?? [])]
      .flat()
      .map((p) => ({ address: p.address, asn: p.asn, state: p.state, vpnInstance: p.vpnInstance })),
    sessions: r.device.bmpSessions().map((s) => {
      const v = r.sessionView(s);
      return { key: v.key, address: v.address, port: v.port, vpnInstance: v.vpnInstance, up: v.state === 'up', downReason: v.downReason };
    }),
  };
}
