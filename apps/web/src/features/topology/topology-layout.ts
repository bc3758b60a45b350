import type { TopologyLinkView, TopologyNodeView } from '@bmp-lab/protocol';

export interface Point {
  x: number;
  y: number;
}

/** The size the layout reserves for a node (its box in the view is about this size). */
export const NODE_WIDTH = 156;
export const NODE_HEIGHT = 52;
/** Centre to centre, between two nodes of a layer and between two layers. */
const COLUMN = 196;
const ROW = 170;
/**
 * A layer of this many nodes or more is staggered: every other node moves
 * away from the routers' layer by a node's height and a gap, so the columns
 * can be half as far apart. The view then needs half the width, and React
 * Flow's fit shows the nodes larger in a narrow pane.
 */
const STAGGER_FROM = 4;
const STAGGER_COLUMN = 112;
const STAGGER_OFFSET = NODE_HEIGHT + 16;

/** Stations on top (they watch), routers in the middle, neighbors below (they feed the routers). */
const LAYER: Record<TopologyNodeView['kind'], number> = { station: 0, router: 1, neighbor: 2 };

/**
 * Where each node goes (its top-left corner, as React Flow places nodes): a
 * stored position as it is; every other node by a layered placement, one
 * layer per kind. Routers keep the server's order (the lab's first router
 * first); a station or neighbor sits under or over the routers it has a
 * session with (the mean of their columns), so links mostly run straight.
 * A layout library ranks nodes by the direction of their links, which would
 * put two peering routers on different layers; the kinds already say the
 * layers. Deterministic: the same topology lays out the same way.
 */
export function layoutTopology(nodes: readonly TopologyNodeView[], links: readonly TopologyLinkView[]): Map<string, Point> {
  const byLayer: TopologyNodeView[][] = [[], [], []];
  for (const n of nodes) byLayer[LAYER[n.kind]]!.push(n);
  const routerColumn = new Map<string, number>();
  byLayer[1]!.forEach((r, i) => routerColumn.set(r.id, i));

  const linkedRouters = new Map<string, number[]>();
  for (const l of links) {
    for (const [self, other] of [
      [l.from, l.to],
      [l.to, l.from],
    ] as const) {
      const column = routerColumn.get(other);
      if (column === undefined || routerColumn.has(self)) continue;
      const list = linkedRouters.get(self) ?? [];
      list.push(column);
      linkedRouters.set(self, list);
    }
  }
  const weight = (n: TopologyNodeView): number => {
    const columns = linkedRouters.get(n.id);
    // Nodes with no router to follow go after the others.
    return columns === undefined ? Number.POSITIVE_INFINITY : columns.reduce((a, b) => a + b, 0) / columns.length;
  };
  for (const layer of [byLayer[0]!, byLayer[2]!]) {
    layer.sort((a, b) => weight(a) - weight(b) || a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'));
  }

  const positions = new Map<string, Point>();
  byLayer.forEach((layer, row) => {
    layer.forEach((n, i) => {
      if (n.position !== null) {
        positions.set(n.id, { x: n.position.x, y: n.position.y });
        return;
      }
      const staggered = layer.length >= STAGGER_FROM;
      const centreX = (i - (layer.length - 1) / 2) * (staggered ? STAGGER_COLUMN : COLUMN);
      // Away from the middle: stations up, routers and neighbors down.
      const offset = staggered && i % 2 === 1 ? (row === 0 ? -STAGGER_OFFSET : STAGGER_OFFSET) : 0;
      positions.set(n.id, { x: centreX - NODE_WIDTH / 2, y: row * ROW + offset - NODE_HEIGHT / 2 });
    });
  });
  return positions;
}

/**
 * Where the segment from a box's centre towards `toward` leaves the box
 * (half sizes `halfWidth`, `halfHeight`): links are drawn between node
 * borders, whichever way the user dragged the nodes.
 */
export function borderPoint(centre: Point, toward: Point, halfWidth: number, halfHeight: number): Point {
  const dx = toward.x - centre.x;
  const dy = toward.y - centre.y;
  if (dx === 0 && dy === 0) return { ...centre };
  const scale = Math.min(dx === 0 ? Number.POSITIVE_INFINITY : halfWidth / Math.abs(dx), dy === 0 ? Number.POSITIVE_INFINITY : halfHeight / Math.abs(dy));
  // The other end lies inside this box (overlapping nodes): meet at its centre.
  if (scale >= 1) return { ...toward };
  return { x: centre.x + dx * scale, y: centre.y + dy * scale };
}
