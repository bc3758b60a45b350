import type { DissectionNodeView, StationMessageView } from '@bmp-lab/protocol';
import { memo, useMemo, useState } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { selectStationDetail } from '../../store/index.js';
import { BMP_TYPE_LABELS } from '../bmp-types.js';
import { formatClock } from '../format.js';
import { byteRangeText, fieldValueText } from './field-value.js';
import { byteChar, byteHex, inRange, parseHex } from './hex.js';

type Range = { offset: number; length: number };

/** Bytes shown before "show all" (a full UPDATE can be 64 KiB). */
const HEX_PREVIEW_BYTES = 4096;

/** The selected message: its decoded tree and its bytes, the hovered or selected field highlighted. */
export function MessageDetail(props: { seq: number; message: StationMessageView | null; onClose: () => void }) {
  const detail = useLabState(selectStationDetail);
  const [hover, setHover] = useState<Range | null>(null);
  const [picked, setPicked] = useState<{ seq: number; path: string; range: Range } | null>(null);
  const bytes = useMemo(() => (detail === null ? null : parseHex(detail.hex)), [detail]);
  const pickedHere = picked !== null && picked.seq === props.seq ? picked : null;
  const highlight = hover ?? pickedHere?.range ?? null;
  const m = props.message;

  return (
    <section
      className="message-detail"
      aria-label={`Message #${props.seq}, decoded`}
      data-testid="message-detail"
      data-seq={props.seq}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        props.onClose();
      }}
    >
      <header className="detail-header">
        {m !== null ? (
          <>
            <span className={`type-badge type-${m.type}`}>{BMP_TYPE_LABELS[m.type].long}</span>
            <span className="mono muted">#{m.seq}</span>
            <span className="mono muted">{formatClock(m.receivedAt)}</span>
            <span className="mono">
              {m.router} → {m.station}
            </span>
            <span className="muted">{m.length} bytes</span>
          </>
        ) : (
          <span className="mono">message #{props.seq}</span>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className="icon-button detail-close" onClick={props.onClose} aria-label={`Close the detail of message #${props.seq}`} title="Close (Esc)">
          ✕
        </button>
      </header>
      {detail === null || bytes === null ? (
        <div className="detail-loading muted">Loading the decoded message…</div>
      ) : (
        <div className={`detail-body${detail.tree.length === 0 ? ' hex-only' : ''}`}>
          {detail.tree.length > 0 ? (
            <div className="dissection-pane">
              <p className="dissection-caption muted" id={`dissection-caption-${props.seq}`}>
                Each field: its value, then <span className="mono">offset+length</span> — where it sits, in bytes from the message's first byte (highlighted in the hex).
              </p>
              <div className="dissection" role="tree" data-testid="dissection-tree" aria-describedby={`dissection-caption-${props.seq}`} onMouseLeave={() => setHover(null)}>
                {detail.tree.map((n, i) => (
                  <TreeNode
                    key={i}
                    node={n}
                    path={String(i)}
                    depth={0}
                    selectedPath={pickedHere?.path ?? null}
                    onHover={setHover}
                    onPick={(path, range) => setPicked({ seq: props.seq, path, range })}
                  />
                ))}
              </div>
            </div>
          ) : (
            <p className="muted no-tree" data-testid="no-tree">
              no decoded tree kept for this message
            </p>
          )}
          <HexView bytes={bytes} highlight={highlight} />
        </div>
      )}
    </section>
  );
}

const TreeNode = memo(function TreeNode(props: {
  node: DissectionNodeView;
  path: string;
  depth: number;
  selectedPath: string | null;
  onHover: (r: Range | null) => void;
  onPick: (path: string, r: Range) => void;
}) {
  const { node, path } = props;
  const kids = node.children ?? [];
  // Open the top two levels; deeper ones (path attributes, NLRI lists) on demand.
  const [open, setOpen] = useState(props.depth < 2);
  const range = { offset: node.offset, length: node.length };
  const selected = props.selectedPath === path;
  return (
    <div className="tree-node" role="treeitem" aria-expanded={kids.length > 0 ? open : undefined} aria-selected={selected}>
      <div
        className={`tree-line${selected ? ' selected' : ''}`}
        style={{ paddingLeft: 6 + props.depth * 14 }}
        onMouseEnter={() => props.onHover(range)}
        onClick={() => props.onPick(path, range)}
        data-field={node.name}
        data-offset={node.offset}
        data-length={node.length}
      >
        {kids.length > 0 ? (
          <button
            type="button"
            className="tree-toggle"
            aria-label={`${open ? 'Collapse' : 'Expand'} ${node.name}`}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(!open);
            }}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <span className="tree-name">{node.name}</span>
        {node.value !== undefined && <span className="tree-value mono">{fieldValueText(node.name, node.value)}</span>}
        <span className="tree-range mono" title={byteRangeText(node.offset, node.length)}>
          <span aria-hidden="true">
            {node.offset}+{node.length}
          </span>
          <span className="visually-hidden">{byteRangeText(node.offset, node.length)}</span>
        </span>
      </div>
      {open &&
        kids.map((k, i) => (
          <TreeNode key={i} node={k} path={`${path}.${i}`} depth={props.depth + 1} selectedPath={props.selectedPath} onHover={props.onHover} onPick={props.onPick} />
        ))}
    </div>
  );
});

function HexView({ bytes, highlight }: { bytes: Uint8Array; highlight: Range | null }) {
  const [all, setAll] = useState(false);
  const shown = all ? bytes.length : Math.min(bytes.length, HEX_PREVIEW_BYTES);
  const rows: number[] = [];
  for (let o = 0; o < shown; o += 16) rows.push(o);
  return (
    <div className="hex-view mono" data-testid="hex-view" aria-label="Message bytes">
      {rows.map((o) => (
        <div key={o} className="hex-row">
          <span className="hex-offset">{o.toString(16).padStart(4, '0')}</span>
          <span className="hex-bytes">
            {Array.from(bytes.subarray(o, Math.min(o + 16, shown)), (b, j) => (
              <span key={j} className={inRange(o + j, highlight) ? 'hl' : undefined} data-byte={o + j}>
                {byteHex(b)}
              </span>
            ))}
          </span>
          <span className="hex-ascii">
            {Array.from(bytes.subarray(o, Math.min(o + 16, shown)), (b, j) => (
              <span key={j} className={inRange(o + j, highlight) ? 'hl' : undefined}>
                {byteChar(b)}
              </span>
            ))}
          </span>
        </div>
      ))}
      {shown < bytes.length && (
        <button type="button" className="link-button hex-more" onClick={() => setAll(true)}>
          show all {bytes.length.toLocaleString('en')} bytes
        </button>
      )}
    </div>
  );
}
