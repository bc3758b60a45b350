import { useInternalNode, type Edge, type EdgeProps, type InternalNode } from '@xyflow/react';
import { TEST_IDS } from '@bmp-lab/protocol';
import { borderPoint, NODE_HEIGHT, NODE_WIDTH, type Point } from './topology-layout.js';
import type { LabLinkData } from './topology-view.js';

export type LabFlowEdge = Edge<LabLinkData, 'lab'>;

function box(node: InternalNode): { centre: Point; halfWidth: number; halfHeight: number } {
  const width = node.measured.width ?? NODE_WIDTH;
  const height = node.measured.height ?? NODE_HEIGHT;
  const at = node.internals.positionAbsolute;
  return { centre: { x: at.x + width / 2, y: at.y + height / 2 }, halfWidth: width / 2, halfHeight: height / 2 };
}

/**
 * A BGP or BMP session: a straight line between the two nodes' borders,
 * wherever they were dragged. The test attributes sit on the SVG group, so
 * a test reads a link's state from the DOM like any other element.
 */
export function LabEdge({ source, target, data }: EdgeProps<LabFlowEdge>) {
  const from = useInternalNode(source);
  const to = useInternalNode(target);
  if (from === undefined || to === undefined || data === undefined) return null;
  const a = box(from);
  const b = box(to);
  const start = borderPoint(a.centre, b.centre, a.halfWidth, a.halfHeight);
  const end = borderPoint(b.centre, a.centre, b.halfWidth, b.halfHeight);
  const d = `M ${start.x} ${start.y} L ${end.x} ${end.y}`;
  return (
    <g
      className={`topology-link kind-${data.kind} state-${data.state}`}
      data-testid={TEST_IDS.topologyLink}
      data-kind={data.kind}
      data-state={data.state}
      data-from={source}
      data-to={target}
    >
      <title>{`${data.kind.toUpperCase()} ${source.replace(/^[a-z]+:/, '')} – ${target.replace(/^[a-z]+:/, '')}: ${data.detail} (${data.state})`}</title>
      {/* A wide invisible stroke: the tooltip is easy to hit. */}
      <path d={d} className="topology-link-hit" />
      <path d={d} className="topology-link-line" />
    </g>
  );
}
