import type { TopologyLinkView, TopologyNodeView, TopologyView } from '@bmp-lab/protocol';

/** One router as the topology view needs it: its BGP peers and BMP sessions with their live state. */
export interface RouterFacts {
  sysname: string;
  address: string;
  /** The local AS (`bgp ASN`), or null without BGP. */
  asn: number | null;
  /** Public peers, and those of VPN instances (`vpnInstance`: `ipv4-family vpn-instance NAME`; absent or null: the public network). */
  peers: readonly { address: string; asn: number; state: string; vpnInstance?: string | null }[];
  /** `port` null: the session has no `tcp connect` yet; its station is named by address alone. */
  sessions: readonly { key: string; address: string; port: number | null; vpnInstance: string | null; up: boolean; downReason: string | null }[];
}

/** What the topology view is computed from: the lab's routers, neighbors, stations and the positions users dragged nodes to. */
export interface TopologyFacts {
  routers: readonly RouterFacts[];
  neighbors: readonly { address: string; asn: number }[];
  stations: readonly { address: string; port: number; vpnInstance: string | null }[];
  positions: ReadonlyMap<string, { x: number; y: number }>;
}

/** A station endpoint's name, as the station and the dashboard spell it (`NAME/address:port` in a VPN instance). */
export function stationNodeName(s: { address: string; port: number | null; vpnInstance: string | null }): string {
  return `${s.vpnInstance === null ? '' : `${s.vpnInstance}/`}${s.address}${s.port === null ? '' : `:${s.port}`}`;
}

/** IPv6 as the topology spells it (the device keeps peers in upper case). */
const addressKey = (address: string) => address.toLowerCase();

/**
 * The lab as nodes and links (packages/protocol README, "Labs of several
 * routers"): routers, neighbors and stations are nodes (`kind:name`); each
 * pair of BGP speakers one `bgp` link, up when Established (on either side:
 * two routers that both configure the peer share one link); each BMP session
 * one `bmp` link. A VPN instance's peer (a CE) links to its neighbor node,
 * never to a router (router addresses are public-network ones), one link per
 * instance, its detail naming the instance (`eBGP in vpna, Established`). A peer or station the topology does not have becomes a node
 * too, so no link dangles.
 */
export function topologyView(facts: TopologyFacts): TopologyView {
  const nodes = new Map<string, TopologyNodeView>();
  const node = (kind: TopologyNodeView['kind'], name: string, asn: number | null): string => {
    const id = `${kind}:${name}`;
    const existing = nodes.get(id);
    if (!existing) nodes.set(id, { id, kind, name, asn, position: facts.positions.get(id) ?? null });
    else if (existing.asn === null && asn !== null) existing.asn = asn;
    return id;
  };
  const routerByAddress = new Map<string, string>();
  for (const r of facts.routers) {
    const id = node('router', r.sysname, r.asn);
    nodes.get(id)!.address = r.address;
    routerByAddress.set(addressKey(r.address), id);
  }
  for (const n of facts.neighbors) node('neighbor', addressKey(n.address), n.asn);
  for (const s of facts.stations) node('station', stationNodeName(s), null);

  const links = new Map<string, TopologyLinkView>();
  for (const r of facts.routers) {
    const from = `router:${r.sysname}`;
    for (const p of r.peers) {
      const vpn = p.vpnInstance ?? null;
      const to = (vpn === null ? routerByAddress.get(addressKey(p.address)) : undefined) ?? node('neighbor', addressKey(p.address), p.asn);
      const [a, b] = from < to ? [from, to] : [to, from];
      const id = `bgp:${a}|${b}${vpn === null ? '' : `|vpn:${vpn}`}`;
      const up = p.state === 'Established';
      const detail = `${r.asn !== null && r.asn === p.asn ? 'iBGP' : 'eBGP'}${vpn === null ? '' : ` in ${vpn}`}, ${p.state}`;
      const existing = links.get(id);
      // Both ends configure it: one link, up when either side is Established, showing the livelier side.
      if (existing && (existing.state === 'up' || !up)) continue;
      links.set(id, { id, kind: 'bgp', from: a, to: b, state: up ? 'up' : 'down', detail });
    }
    for (const s of r.sessions) {
      const to = node('station', stationNodeName(s), null);
      links.set(`bmp:${s.key}`, {
        id: `bmp:${s.key}`,
        kind: 'bmp',
        from,
        to,
        state: s.up ? 'up' : 'down',
        detail: s.up ? 'Up' : `Down${s.downReason ? ` (${s.downReason})` : ''}`,
      });
    }
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}
