import '@xyflow/react/dist/style.css';
import './topology.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { applyNodeChanges, Controls, ReactFlow, ReactFlowProvider, type NodeChange, type OnNodeDrag } from '@xyflow/react';
import type { TopologyView } from '@bmp-lab/protocol';
import { useLab, useLabState } from '../../app/lab-context.js';
import { useTheme } from '../../app/theme.js';
import { selectLab, selectTopology } from '../../store/index.js';
import { LabEdge, type LabFlowEdge } from './LabEdge.js';
import { LabNode, TopologyActions, type LabFlowNode } from './LabNode.js';
import { NeighborPanel } from './NeighborPanel.js';
import { TopologyLegend } from './TopologyLegend.js';
import { reconcileOverrides, toFlow, type DragOverride, type LabNodeData } from './topology-view.js';

const nodeTypes = { lab: LabNode };
const edgeTypes = { lab: LabEdge };

/**
 * The Topology tab (loaded on first open, so the console's page pays nothing
 * for it): the lab's routers, neighbors and stations, its BGP and BMP
 * sessions live from `topology.state`. Drag a node to move it (kept with the
 * lab); a router opens a console, a neighbor its routes.
 */
export default function TopologyTab() {
  const topology = useLabState(selectTopology);
  const lab = useLabState(selectLab);
  if (topology === null || lab === null) {
    return (
      <div className="topology-panel topology-waiting" role="status">
        Waiting for the lab's topology from the server…
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <TopologyCanvas topology={topology} labId={lab.labId} />
    </ReactFlowProvider>
  );
}

function TopologyCanvas({ topology, labId }: { topology: TopologyView; labId: string }) {
  const { connection } = useLab();
  const { theme } = useTheme();
  const [overrides, setOverrides] = useState<ReadonlyMap<string, DragOverride>>(() => new Map());
  const [neighbor, setNeighbor] = useState<string | null>(null);
  useEffect(() => setOverrides((o) => reconcileOverrides(o, topology)), [topology]);

  const flow = useMemo(() => toFlow(topology, overrides), [topology, overrides]);
  // React Flow's own copy of the nodes (it adds their measured sizes and the drag in progress).
  const [nodes, setNodes] = useState<LabFlowNode[]>([]);
  useEffect(() => {
    setNodes((previous) => {
      const before = new Map(previous.map((n) => [n.id, n]));
      return flow.nodes.map((n) => {
        const old = before.get(n.id);
        if (old === undefined) return n;
        // A node being dragged stays under the pointer whatever the server says meanwhile.
        return { ...old, data: n.data, position: old.dragging === true ? old.position : n.position };
      });
    });
  }, [flow.nodes]);
  const edges: LabFlowEdge[] = flow.edges;
  const onNodesChange = useCallback((changes: NodeChange<LabFlowNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);

  // Once per drag, at its end (not on every move): the server keeps the position with the lab.
  const onNodeDragStop: OnNodeDrag<LabFlowNode> = useCallback(
    (_event, _node, dragged) => {
      const stored = new Map(topology.nodes.map((n) => [n.id, n.position]));
      setOverrides((o) => {
        const next = new Map(o);
        for (const n of dragged) {
          const at = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
          connection.topologyMove(n.id, at.x, at.y);
          next.set(n.id, { at, serverBefore: stored.get(n.id) ?? null });
        }
        return next;
      });
    },
    [connection, topology],
  );

  const activate = useCallback(
    (_id: string, data: LabNodeData) => {
      if (data.kind === 'router') connection.consoles.add(data.name);
      else if (data.kind === 'neighbor') setNeighbor(data.name);
    },
    [connection],
  );
  const closeNeighbor = useCallback(() => {
    const name = neighbor;
    setNeighbor(null);
    if (name !== null) {
      document.querySelector<HTMLElement>(`.topology-node[data-kind="neighbor"][data-name="${CSS.escape(name)}"]`)?.focus();
    }
  }, [neighbor]);

  return (
    <div className="topology-panel">
      <TopologyActions.Provider value={activate}>
        <ReactFlow<LabFlowNode, LabFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={(_e, node) => activate(node.id, node.data)}
          colorMode={theme}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
          minZoom={0.2}
          maxZoom={2.5}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          disableKeyboardA11y
          deleteKeyCode={null}
          aria-label="Lab topology"
        >
          <Controls showInteractive={false} />
        </ReactFlow>
      </TopologyActions.Provider>
      <TopologyLegend />
      {neighbor !== null && <NeighborPanel key={neighbor} labId={labId} address={neighbor} version={topology} onClose={closeNeighbor} />}
    </div>
  );
}
