// The one shape every benchmark reports a figure in: a `BENCH-RESULT {json}`
// line on stdout, which `npm run bench` collects into its summary table.
//
//   name    a stable id (e.g. 'station-ingest')
//   label   what the figure is, for the table
//   value   the figure, in `unit`
//   anchor  { name, value, unit } measured in the same run (raw TCP, pmbmpd,
//           a bare page…), or null
//   target  what the figure should meet, or null (informative):
//             { max: N }  value ≤ N          { min: N }  value ≥ N
//             { maxRatio: R, of: 'anchor' }  value ≤ R × anchor
//             { minRatio: R, of: 'anchor' }  value ≥ R × anchor
//   ok      whether the target is met; null when there is no target, or the
//           anchor it is relative to did not run
//   detail  optional: more of the same run, in words
//
// Dependency-free, like the rest of packages/tooling.

/**
 * Whether `value` meets `target` (null: no target, or no anchor to compare with).
 * @param {number} value
 * @param {{ value: number } | null} anchor
 * @param {object | null} target
 * @returns {boolean | null}
 */
export function meetsTarget(value, anchor, target) {
  if (!target || !Number.isFinite(value)) return null;
  if ('max' in target) return value <= target.max;
  if ('min' in target) return value >= target.min;
  if (!anchor || !Number.isFinite(anchor.value) || anchor.value === 0) return null;
  if ('maxRatio' in target) return value / anchor.value <= target.maxRatio;
  if ('minRatio' in target) return value / anchor.value >= target.minRatio;
  throw new Error(`unknown bench target ${JSON.stringify(target)}`);
}

/**
 * The result object of one figure, `ok` computed from its target.
 * @param {{ name: string, label: string, value: number, unit: string, anchor?: { name: string, value: number, unit: string } | null, target?: object | null, detail?: string }} figure
 */
export function benchResult(figure) {
  const anchor = figure.anchor ?? null;
  const target = figure.target ?? null;
  return {
    name: figure.name,
    label: figure.label,
    value: figure.value,
    unit: figure.unit,
    anchor,
    target,
    ok: meetsTarget(figure.value, anchor, target),
    ...(figure.detail ? { detail: figure.detail } : {}),
  };
}

/** Print one figure's `BENCH-RESULT` line. */
export function printBenchResult(figure) {
  console.log(`BENCH-RESULT ${JSON.stringify(benchResult(figure))}`);
}
