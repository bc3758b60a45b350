/** What the lines mean: colour says the protocol, a solid line a session up, a dashed grey one a session down. */
export function TopologyLegend() {
  const line = (className: string) => (
    <svg width="28" height="8" aria-hidden="true">
      <line x1="1" y1="4" x2="27" y2="4" className={`topology-link-line ${className}`} />
    </svg>
  );
  return (
    <ul className="topology-legend" aria-label="Legend">
      <li>
        <span className="topology-link kind-bgp state-up">{line('')}</span> BGP up
      </li>
      <li>
        <span className="topology-link kind-bmp state-up">{line('')}</span> BMP up
      </li>
      <li>
        <span className="topology-link state-down">{line('')}</span> down
      </li>
      <li className="topology-legend-hint">Router: opens a console · Neighbor: its routes · Drag to move</li>
    </ul>
  );
}
