import type { StationRouteView } from '@bmp-lab/protocol';
import { useMemo, useState } from 'react';
import { compareRoutes, differingAttributes, type CompareCell, type RouteAttribute } from './route-diff.js';

/**
 * One prefix side by side across every view and peer that holds it (one
 * column each); an attribute that differs from the column's baseline — the
 * same peer's Adj-RIB-In pre-policy, or for the Loc-RIB the peer it was
 * learned from — is highlighted, with what was added or removed.
 */
export function RouteCompare(props: {
  prefix: string;
  routes: readonly StationRouteView[] | null;
  error: string | null;
  /** A connection id by name, `R1 (10.1.1.1:50000)` (the station's router cards). */
  routerName: (id: string) => string;
  onClose: () => void;
}) {
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const { routes, routerName } = props;
  const comparison = useMemo(() => (routes === null ? null : compareRoutes(routes, routerName)), [routes, routerName]);
  const differing = useMemo(() => (comparison === null ? new Set<string>() : differingAttributes(comparison)), [comparison]);
  const labels = new Map(comparison?.columns.map((c) => [c.key, c.label]) ?? []);
  const rows = comparison?.rows.filter((r) => !onlyDiffs || differing.has(r.attribute.key)) ?? [];
  return (
    <section className="route-compare" aria-labelledby="route-compare-title" data-testid="route-compare" data-prefix={props.prefix}>
      <header className="detail-header">
        <h3 id="route-compare-title" className="mono strong route-compare-title">
          {props.prefix}
        </h3>
        <span className="muted">
          {comparison === null
            ? props.error === null
              ? 'loading…'
              : ''
            : `in ${comparison.columns.length} view${comparison.columns.length === 1 ? '' : 's'} · ${differing.size === 0 ? 'no attribute differs' : `${differing.size} attribute${differing.size === 1 ? ' differs' : 's differ'} (highlighted)`}`}
        </span>
        <label className="compare-only-diffs">
          <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> only differences
        </label>
        <button type="button" className="icon-button detail-close" aria-label="Close the comparison" title="Close (Esc)" onClick={props.onClose}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      {props.error !== null && <p className="station-error">{props.error}</p>}
      {comparison !== null && comparison.columns.length === 0 && (
        <div className="empty-state">
          <p>The station holds no route for {props.prefix} any more.</p>
        </div>
      )}
      {comparison !== null && comparison.columns.length > 0 && (
        <div className="route-compare-scroll" tabIndex={0} role="region" aria-label={`${props.prefix} in every view and peer`}>
          <table className="route-compare-table">
            <caption className="visually-hidden">
              {props.prefix} in every view and peer that holds it; attributes that differ from the column it is compared with are marked.
            </caption>
            <thead>
              <tr>
                <th scope="col">Attribute</th>
                {comparison.columns.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    data-router={c.route.router}
                    data-peer={c.route.peer}
                    data-view={c.route.view}
                    data-baseline={c.baseline === null}
                    title={`${c.route.view}, peer ${c.route.peer}, RD ${c.route.distinguisher}, from ${routerName(c.route.router)}`}
                  >
                    <span className="compare-col-label">{c.label}</span>
                    <span className="compare-vs">{c.baseline === null ? 'baseline' : `vs ${labels.get(c.baseline) ?? '?'}`}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ attribute, cells }) => (
                <tr key={attribute.key} data-attr={attribute.key}>
                  <th scope="row">{attribute.label}</th>
                  {cells.map((cell, i) => {
                    const col = comparison.columns[i]!;
                    return (
                      <td
                        key={col.key}
                        className={cell.differs ? 'differs' : undefined}
                        data-attr={attribute.key}
                        data-peer={col.route.peer}
                        data-view={col.route.view}
                        data-differs={cell.differs}
                      >
                        <CellValue attribute={attribute} cell={cell} />
                        {cell.differs && <span className="visually-hidden"> (differs from {labels.get(col.baseline ?? '') ?? 'the baseline'})</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CellValue({ attribute, cell }: { attribute: RouteAttribute; cell: CompareCell }) {
  if (attribute.items === undefined || (cell.added.length === 0 && cell.removed.length === 0)) return <span className="mono">{cell.text}</span>;
  return (
    <span className="mono compare-items">
      {cell.text.split(' ').map((item, i) =>
        cell.added.includes(item) ? (
          <ins key={i} className="compare-added" title="not in the baseline">
            +{item}
          </ins>
        ) : (
          <span key={i}>{item}</span>
        ),
      )}
      {cell.removed.map((item) => (
        <del key={`-${item}`} className="compare-removed" title="in the baseline, not here">
          −{item}
        </del>
      ))}
    </span>
  );
}
