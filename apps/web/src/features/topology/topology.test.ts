import { describe, expect, it } from 'vitest';
import type { TopologyLinkView, TopologyNodeView, TopologyView } from '@bmp-lab/protocol';
import { borderPoint, layoutTopology, NODE_HEIGHT, NODE_WIDTH } from './topology-layout.js';
import { reconcileOverrides, toFlow, type DragOverride } from './topology-view.js';

function node(kind: TopologyNodeView['kind'], name: string, extra: Partial<TopologyNodeView> = {}): TopologyNodeView {
  return { id: `${kind}:${name}`, kind, name, asn: null, position: null, ...extra };
}

function link(kind: TopologyLinkView['kind'], from: string, to: string, state: TopologyLinkView['state'] = 'up'): TopologyLinkView {
  return { id: `${kind}:${from}-${to}`, kind, from, to, state, detail: state === 'up' ? 'Established' : 'Idle' };
}

/** The centre of a laid-out node. */
function centre(positions: Map<string, { x: number; y: number }>, id: string) {
  const p = positions.get(id)!;
  return { x: p.x + NODE_WIDTH / 2, y: p.y + NODE_HEIGHT / 2 };
}

describe('layoutTopology', () => {
  const nodes = [
    node('router', 'R1', { asn: 100 }),
    node('router', 'R2', { asn: 100 }),
    node('neighbor', '10.3.3.3', { asn: 300 }),
    node('neighbor', '10.2.2.2', { asn: 200 }),
    node('station', '10.1.1.1:1790'),
  ];
  const links = [
    link('bgp', 'router:R1', 'router:R2'),
    link('bgp', 'router:R2', 'neighbor:10.2.2.2'),
    link('bgp', 'router:R1', 'neighbor:10.3.3.3'),
    link('bmp', 'router:R2', 'station:10.1.1.1:1790'),
  ];

  it('puts stations on top, routers in the middle and neighbors below, each under the routers it peers with', () => {
    const at = layoutTopology(nodes, links);
    const y = (id: string) => centre(at, id).y;
    const x = (id: string) => centre(at, id).x;
    expect(y('station:10.1.1.1:1790')).toBeLessThan(y('router:R1'));
    expect(y('router:R1')).toBe(y('router:R2'));
    expect(y('neighbor:10.2.2.2')).toBeGreaterThan(y('router:R1'));
    // Routers keep the server's order; 10.3.3.3 (R1's) goes left of 10.2.2.2 (R2's), though it sorts after it by name.
    expect(x('router:R1')).toBeLessThan(x('router:R2'));
    expect(x('neighbor:10.3.3.3')).toBeLessThan(x('neighbor:10.2.2.2'));
    // A layer is centred: no two nodes share a place.
    const places = new Set([...at.values()].map((p) => `${p.x},${p.y}`));
    expect(places.size).toBe(nodes.length);
  });

  it('staggers a layer of four or more, so it needs about half the width, without overlapping nodes', () => {
    const many = [node('router', 'R1'), ...[1, 2, 3, 4, 5].map((i) => node('neighbor', `10.0.0.${i}`)), ...[1, 2, 3, 4].map((i) => node('station', `10.1.1.${i}:1790`))];
    const at = layoutTopology(many, []);
    const neighbors = many.filter((n) => n.kind === 'neighbor').map((n) => at.get(n.id)!);
    expect(neighbors.map((p) => p.y > neighbors[0]!.y)).toEqual([false, true, false, true, false]);
    const stations = many.filter((n) => n.kind === 'station').map((n) => at.get(n.id)!);
    expect(stations.map((p) => p.y < stations[0]!.y)).toEqual([false, true, false, true]);
    const width = Math.max(...neighbors.map((p) => p.x)) - Math.min(...neighbors.map((p) => p.x));
    expect(width).toBeLessThan(4 * NODE_WIDTH);
    for (const a of at.values()) {
      for (const b of at.values()) {
        if (a === b) continue;
        expect(Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(true);
      }
    }
  });

  it('keeps a stored position as it is and is deterministic', () => {
    const moved = nodes.map((n) => (n.id === 'router:R2' ? { ...n, position: { x: 700, y: -20 } } : n));
    const at = layoutTopology(moved, links);
    expect(at.get('router:R2')).toEqual({ x: 700, y: -20 });
    expect(layoutTopology(moved, links)).toEqual(at);
    expect(layoutTopology([], [])).toEqual(new Map());
  });
});

describe('borderPoint', () => {
  it('leaves the box where the line to the other centre crosses its border', () => {
    expect(borderPoint({ x: 0, y: 0 }, { x: 0, y: 100 }, 50, 20)).toEqual({ x: 0, y: 20 });
    expect(borderPoint({ x: 0, y: 0 }, { x: -200, y: 0 }, 50, 20)).toEqual({ x: -50, y: 0 });
    expect(borderPoint({ x: 0, y: 0 }, { x: 100, y: 100 }, 50, 20)).toEqual({ x: 20, y: 20 });
    // Overlapping boxes: meet at the other centre; one point: itself.
    expect(borderPoint({ x: 0, y: 0 }, { x: 10, y: 5 }, 50, 20)).toEqual({ x: 10, y: 5 });
    expect(borderPoint({ x: 3, y: 4 }, { x: 3, y: 4 }, 50, 20)).toEqual({ x: 3, y: 4 });
  });
});

describe('toFlow', () => {
  it('maps nodes and links to React Flow with what the view shows, and leaves out links to unknown nodes', () => {
    const view: TopologyView = {
      nodes: [node('router', 'HUAWEI', { asn: 100 }), node('station', '10.1.1.1:1790'), node('neighbor', '10.2.2.2')],
      links: [link('bmp', 'router:HUAWEI', 'station:10.1.1.1:1790', 'down'), link('bgp', 'router:HUAWEI', 'neighbor:10.9.9.9')],
    };
    const flow = toFlow(view);
    expect(flow.nodes.map((n) => [n.id, n.type, n.data])).toEqual([
      ['router:HUAWEI', 'lab', { kind: 'router', name: 'HUAWEI', detail: 'AS 100' }],
      ['station:10.1.1.1:1790', 'lab', { kind: 'station', name: '10.1.1.1:1790', detail: 'BMP station' }],
      ['neighbor:10.2.2.2', 'lab', { kind: 'neighbor', name: '10.2.2.2', detail: 'BGP neighbor' }],
    ]);
    expect(flow.edges).toEqual([
      {
        id: 'bmp:router:HUAWEI-station:10.1.1.1:1790',
        type: 'lab',
        source: 'router:HUAWEI',
        target: 'station:10.1.1.1:1790',
        data: { kind: 'bmp', state: 'down', detail: 'Idle' },
      },
    ]);
  });

  it('places a node this page dragged where it was dropped', () => {
    const view: TopologyView = { nodes: [node('router', 'R1', { position: { x: 1, y: 2 } })], links: [] };
    const overrides = new Map<string, DragOverride>([['router:R1', { at: { x: 50, y: 60 }, serverBefore: { x: 1, y: 2 } }]]);
    expect(toFlow(view, overrides).nodes[0]?.position).toEqual({ x: 50, y: 60 });
    expect(toFlow(view).nodes[0]?.position).toEqual({ x: 1, y: 2 });
  });
});

describe('reconcileOverrides', () => {
  const dropped = new Map<string, DragOverride>([['router:R1', { at: { x: 50, y: 60 }, serverBefore: null }]]);
  const viewWith = (position: { x: number; y: number } | null): TopologyView => ({ nodes: [node('router', 'R1', { position })], links: [] });

  it('keeps a drag until the server has the node where it was dropped', () => {
    // An update for something else (the old position): the node stays where it was dropped.
    expect(reconcileOverrides(dropped, viewWith(null))).toBe(dropped);
    expect(reconcileOverrides(dropped, viewWith({ x: 50, y: 60 })).size).toBe(0);
  });

  it('lets go when someone moved the node elsewhere since, or it is gone', () => {
    expect(reconcileOverrides(dropped, viewWith({ x: 400, y: 0 })).size).toBe(0);
    expect(reconcileOverrides(dropped, { nodes: [], links: [] }).size).toBe(0);
    const before = new Map<string, DragOverride>([['router:R1', { at: { x: 50, y: 60 }, serverBefore: { x: 5, y: 5 } }]]);
    expect(reconcileOverrides(before, viewWith({ x: 5, y: 5 }))).toBe(before);
  });
});
