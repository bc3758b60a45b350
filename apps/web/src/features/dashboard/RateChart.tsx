import { memo, useMemo } from 'react';
import { useNow } from '../../app/use-now.js';
import { rateSeries, type RateSample } from '../../store/index.js';
import { formatRate } from '../format.js';

const W = 96;
const H = 24;

/** Messages per second over the last minute, from the deltas of the sent counters (plain SVG). */
export const RateChart = memo(function RateChart({ samples }: { samples: readonly RateSample[] }) {
  // Whole seconds: the chart moves once a second, with the page's clock.
  const second = Math.floor(useNow() / 1000) * 1000;
  const series = useMemo(() => rateSeries(samples, second), [samples, second]);
  const max = Math.max(1, ...series);
  const current = series.slice(-3).reduce((a, b) => a + b, 0) / 3;
  const step = W / (series.length - 1);
  const points = series.map((v, i) => `${(i * step).toFixed(1)},${(H - 1 - (v / max) * (H - 3)).toFixed(1)}`);
  return (
    <span className="rate-chart" title={`Messages per second over the last minute (peak ${formatRate(max)}/s)`} data-rate={current.toFixed(2)}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true">
        <polygon className="rate-area" points={`0,${H} ${points.join(' ')} ${W},${H}`} />
        <polyline className="rate-line" points={points.join(' ')} />
      </svg>
      <span className="rate-value mono">{formatRate(current)}/s</span>
    </span>
  );
});
