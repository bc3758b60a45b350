/**
 * An age as VRP's BMP displays print it: `57s`, `04h39m54s`, `12h18m32s`
 * (docs/vrp-behaviour.md §2.12). ⚠ INFERRED: the minutes-only form (`05m12s`) and the
 * day form (`3d04h05m`) follow the same pattern; no sample shows them.
 */
export function formatAge(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d${two(h)}h${two(m)}m`;
  if (h > 0) return `${two(h)}h${two(m)}m${two(s)}s`;
  if (m > 0) return `${two(m)}m${two(s)}s`;
  return `${s}s`;
}
