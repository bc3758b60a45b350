// The summary of `npm run bench`: reads the `BENCH-RESULT {json}` lines the
// benches printed (shape: bench-result.mjs) and formats them, one row per
// figure, in the order they came. It computes nothing: figure, anchor, target
// and ok are each bench's own.

const PREFIX = 'BENCH-RESULT ';

/**
 * The results in `text` (a bench's stdout, or several), in order; a later line
 * with the same name replaces an earlier one. Lines that are not ours are skipped.
 * @param {string} text
 */
export function parseBenchResults(text) {
  const byName = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(PREFIX)) continue;
    let r;
    try {
      r = JSON.parse(line.slice(PREFIX.length));
    } catch {
      continue;
    }
    if (!r || typeof r !== 'object' || typeof r.name !== 'string' || typeof r.value !== 'number') continue;
    byName.delete(r.name);
    byName.set(r.name, r);
  }
  return [...byName.values()];
}

/** A number with as many decimals as its size calls for. */
export function formatNumber(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return v.toLocaleString('en', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

const withUnit = (v, unit) => `${formatNumber(v)}${unit === '×' || unit === '%' ? '' : ' '}${unit ?? ''}`.trimEnd();

/** The target in words, e.g. `≤ 1,000 ms`, `≥ 2× anchor`. */
export function formatTarget(target, unit) {
  if (!target) return '—';
  if ('max' in target) return `≤ ${withUnit(target.max, unit)}`;
  if ('min' in target) return `≥ ${withUnit(target.min, unit)}`;
  if ('maxRatio' in target) return `≤ ${formatNumber(target.maxRatio)}× ${target.of ?? 'anchor'}`;
  if ('minRatio' in target) return `≥ ${formatNumber(target.minRatio)}× ${target.of ?? 'anchor'}`;
  return JSON.stringify(target);
}

/** The table's rows (cells as text): figure, ours, anchor (same run), target, ok. */
export function benchRows(results) {
  return results.map((r) => {
    const ours = withUnit(r.value, r.unit) + (r.detail ? ` (${r.detail})` : '');
    const anchor = r.anchor
      ? `${r.anchor.name}: ${withUnit(r.anchor.value, r.anchor.unit)}` +
        (Number.isFinite(r.anchor.value) && r.anchor.value !== 0 && r.anchor.unit === r.unit ? `; ours ${formatNumber(r.value / r.anchor.value)}×` : '')
      : '—';
    const ok = r.ok === true ? 'met' : r.ok === false ? 'MISSED' : '—';
    return [r.label ?? r.name, ours, anchor, formatTarget(r.target, r.unit), ok];
  });
}

/** The summary table as text lines. */
export function formatBenchTable(text) {
  const rows = benchRows(parseBenchResults(text));
  if (rows.length === 0) return ['(no BENCH-RESULT lines: no figure to show)'];
  const head = ['figure', 'ours', 'anchor (same run)', 'target', 'ok'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}
