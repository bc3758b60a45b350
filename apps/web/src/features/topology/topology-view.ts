import type { TopologyLinkView, TopologyNodeView, TopologyView } from '@bmp-lab/protocol';
import { layoutTopology, type Point } from './topology-layout.js';

/** What a node of the view shows and carries (React Flow node `data`). */
export interface LabNodeData extends Record<string, unknown> {
  kind: TopologyNodeView['kind'];
  /** A router's sysname, a neighbor's address, a station's address:port (`data-name`). */
  name: string;
  /** The second line: the AS where known, else what the node is. */
  detail: string;
}

/** What a link of the view carries (React Flow edge `data`). */
export interface LabLinkData extends Record<string, unknown> {
  kind: TopologyLinkView['kind'];
  state: TopologyLinkView['state'];
  /** The server's few words on the session (its tooltip). */
  detail: string;
}

export interface FlowNode {
  id: string;
  type: 'lab';
  position: Point;
  data: LabNodeData;
}

export interface FlowEdge {
  id: string;
  type: 'lab';
  source: string;
  target: string;
  data: LabLinkData;
}

/** A node this page dragged, until the server's topology says where it is. */
export interface DragOverride {
  at: Point;
  /** The node's stored position when it was dropped. */
  serverBefore: Point | null;
}

const KIND_WORD: Record<TopologyNodeView['kind'], string> = { router: 'router', neighbor: 'BGP neighbor', station: 'BMP station' };

export function nodeDetail(n: TopologyNodeView): string {
  return n.asn !== null && n.kind !== 'station' ? `AS ${n.asn}` : KIND_WORD[n.kind];
}

/**
 * The server's topology as React Flow nodes and edges: positions from this
 * page's drags first, then the stored ones, then the layout. A link whose end
 * is not a node of the topology is left out (React Flow cannot draw it).
 */
export function toFlow(view: TopologyView, overrides: ReadonlyMap<string, DragOverride> = new Map()): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const laidOut = layoutTopology(view.nodes, view.links);
  const nodes = view.nodes.map((n): FlowNode => ({
    id: n.id,
    type: 'lab',
    position: overrides.get(n.id)?.at ?? laidOut.get(n.id)!,
    data: { kind: n.kind, name: n.name, detail: nodeDetail(n) },
  }));
  const ids = new Set(view.nodes.map((n) => n.id));
  const edges = view.links
    .filter((l) => ids.has(l.from) && ids.has(l.to))
    .map((l): FlowEdge => ({
      id: l.id,
      type: 'lab',
      source: l.from,
      target: l.to,
      data: { kind: l.kind, state: l.state, detail: l.detail },
    }));
  return { nodes, edges };
}

function near(a: Point | null, b: Point | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5;
}

/**
 * The drags still waiting for the server: one is done when the server's
 * topology has the node where it was dropped, or somewhere else than before
 * (someone moved it since), or no longer has the node. Until then the node
 * stays where it was dropped, so a topology update for something else does
 * not make it jump back. The same map when nothing is done.
 */
export function reconcileOverrides(overrides: ReadonlyMap<string, DragOverride>, view: TopologyView): ReadonlyMap<string, DragOverride> {
  if (overrides.size === 0) return overrides;
  const stored = new Map(view.nodes.map((n) => [n.id, n.position]));
  let next: Map<string, DragOverride> | null = null;
  for (const [id, o] of overrides) {
    const position = stored.get(id);
    const done = position === undefined || near(position, o.at) || (position !== null && !near(position, o.serverBefore));
    if (!done) continue;
    next ??= new Map(overrides);
    next.delete(id);
  }
  return next ?? overrides;
}
