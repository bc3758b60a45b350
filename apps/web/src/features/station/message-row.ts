import type { StationMessageView } from '@bmp-lab/protocol';

/** A per-peer header's RIB view, short: `in pre`, `in post`, `out pre`, `out post`, `Loc-RIB`. */
export function shortView(peerView: string | null): string | null {
  if (peerView === null) return null;
  const m = /^adj-rib-(in|out) (pre|post)-policy$/.exec(peerView);
  if (m) return `${m[1]} ${m[2]}`;
  return peerView === 'loc-rib' ? 'Loc-RIB' : peerView;
}

/** What a message row shows beside its time, type and peer. */
export interface MessageRowParts {
  /** The peer's AS from the per-peer header, when the summary names it. */
  asn: string | null;
  /** Which RIB the message speaks for (see shortView). */
  view: string | null;
  /** The rest of the summary: prefixes, AS path, counters, reasons. */
  text: string;
}

/**
 * Split a message's one-line summary for the row: the per-peer preamble
 * (`peer 10.2.2.2 AS 200 (in post-policy)`, `Loc-RIB AS 100`) becomes the
 * AS and the view columns, the rest is the row's text. A summary in any
 * other form is shown whole.
 */
export function messageRowParts(m: Pick<StationMessageView, 'summary' | 'peer' | 'peerView'>): MessageRowParts {
  const view = shortView(m.peerView);
  const pre = /^(?:peer \S+ AS (\d+) \([^)]*\)|Loc-RIB AS (\d+))(?:\s+|$)/.exec(m.summary);
  if (m.peer === null || pre === null) return { asn: null, view, text: m.summary };
  return { asn: pre[1] ?? pre[2] ?? null, view, text: m.summary.slice(pre[0].length) };
}

/**
 * The row a key selects in a list of `count` rows from row `index` (-1: none
 * selected): ↑ ↓ one row, Page Up / Page Down `page` rows, Home and End the
 * ends. With nothing selected, ↑ ↓ start at the newest (last) row. Null for
 * any other key.
 */
export function listKeyTarget(key: string, index: number, count: number, page = 10): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const from = index < 0 || index > last ? null : index;
  switch (key) {
    case 'ArrowDown':
      return from === null ? last : Math.min(last, from + 1);
    case 'ArrowUp':
      return from === null ? last : Math.max(0, from - 1);
    case 'PageDown':
      return from === null ? last : Math.min(last, from + page);
    case 'PageUp':
      return from === null ? last : Math.max(0, from - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
