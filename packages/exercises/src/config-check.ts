import type { CheckSpec, Evaluation } from './types.js';

type ConfigSpec = Extract<CheckSpec, { kind: 'config' }>;

/** One line of `display current-configuration`, with the line it sits directly under (null at the top). */
interface PlacedLine {
  text: string;
  parent: string | null;
}

/**
 * The running configuration as lines with their enclosing line: VRP indents
 * a view's lines one space deeper than the line that opens the view, and
 * separates blocks with `#` (indented like the block's lines).
 */
export function placeLines(config: readonly string[]): PlacedLine[] {
  const out: PlacedLine[] = [];
  const open: { depth: number; text: string }[] = [];
  for (const raw of config) {
    const text = raw.trim();
    // `#` separates blocks at any depth; the indentation of the next line says where it belongs.
    if (text === '' || text === '#') continue;
    const depth = raw.length - raw.trimStart().length;
    while (open.length > 0 && open.at(-1)!.depth >= depth) open.pop();
    out.push({ text, parent: open.at(-1)?.text ?? null });
    open.push({ depth, text });
  }
  return out;
}

/** What the check looks for, in words (never a regular expression). */
function wanted(spec: ConfigSpec): string {
  if (spec.says !== undefined) return spec.says;
  return `"${spec.line ?? ''}"`;
}

/**
 * A `config` check: equivalent forms pass when the check's regex allows them
 * (e.g. `keep-all-routes` or `peer 10.2.2.2 keep-all-routes`), and a line in
 * the wrong view fails when the check names its `parent`.
 */
export function evaluateConfig(spec: ConfigSpec, config: readonly string[]): Evaluation {
  const re = spec.regex !== undefined ? new RegExp(spec.regex) : null;
  const target = spec.line?.trim();
  const parentRe = spec.parent !== undefined ? new RegExp(spec.parent) : null;
  const matches = placeLines(config).filter((l) => (re ? re.test(l.text) : l.text === target));
  const placed = parentRe ? matches.filter((l) => l.parent !== null && parentRe.test(l.parent)) : matches;
  const what = wanted(spec);
  if (spec.absent) {
    const found = placed[0];
    return found === undefined
      ? { state: 'pass', detail: `The running configuration has no ${what}.` }
      : { state: 'fail', detail: `The running configuration still has "${found.text}".` };
  }
  const good = placed[0];
  if (good !== undefined) {
    return { state: 'pass', detail: `The running configuration has "${good.text}"${good.parent && parentRe ? ` under "${good.parent}"` : ''}.` };
  }
  const misplaced = matches[0];
  if (misplaced !== undefined) {
    const where = misplaced.parent === null ? 'at the top level' : `under "${misplaced.parent}"`;
    return { state: 'fail', detail: `"${misplaced.text}" is ${where}, which is the wrong place: the check wants ${what}.` };
  }
  return { state: 'fail', detail: `The running configuration has no ${what}. Did you commit?` };
}
