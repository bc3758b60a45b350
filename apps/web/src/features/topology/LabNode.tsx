import { createContext, useContext, type KeyboardEvent } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { TEST_IDS } from '@bmp-lab/protocol';
import type { LabNodeData } from './topology-view.js';

export type LabFlowNode = Node<LabNodeData, 'lab'>;

/** What a node does when clicked or given Enter: routers open a console, neighbors their routes. */
export const TopologyActions = createContext<(id: string, data: LabNodeData) => void>(() => undefined);

/** A node's accessible name: what it is, its AS, and what Enter does. */
function nodeLabel(data: LabNodeData): string {
  switch (data.kind) {
    case 'router':
      return `Router ${data.name}, ${data.detail}: Enter opens a console on it`;
    case 'neighbor':
      return `BGP neighbor ${data.name}, ${data.detail}: Enter lists its routes`;
    case 'station':
      return `BMP station ${data.name}`;
  }
}

/**
 * A node of the topology: one tab stop (React Flow's own node focus is off),
 * Enter or Space does what a click does. The handles are only anchors React
 * Flow needs for its edges; links are drawn border to border (LabEdge).
 */
export function LabNode({ id, data }: NodeProps<LabFlowNode>) {
  const activate = useContext(TopologyActions);
  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    ev.preventDefault();
    activate(id, data);
  };
  return (
    <div
      className={`topology-node kind-${data.kind}`}
      data-testid={TEST_IDS.topologyNode}
      data-kind={data.kind}
      data-name={data.name}
      data-node-id={id}
      tabIndex={0}
      role={data.kind === 'station' ? 'group' : 'button'}
      aria-label={nodeLabel(data)}
      title={data.kind === 'router' ? 'Open a console on this router' : data.kind === 'neighbor' ? 'Routes this neighbor announces' : undefined}
      onKeyDown={onKeyDown}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="topology-anchor" />
      <span className="topology-node-kind" aria-hidden="true">
        {data.kind === 'router' ? 'R' : data.kind === 'neighbor' ? 'N' : 'S'}
      </span>
      <span className="topology-node-text">
        <span className="topology-node-name">{data.name}</span>
        <span className="topology-node-detail">{data.detail}</span>
      </span>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="topology-anchor" />
    </div>
  );
}
