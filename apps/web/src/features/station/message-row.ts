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

/** Characters of the monospace router and peer cells, which are that many `ch` wide. */
export const ROW_ROUTER_CHARS = 15;
export const ROW_PEER_CHARS = 18;

/**
 * `text` in at most `max` characters, its end replaced by an ellipsis when it
 * is longer. The row's router and peer cells are cut this way instead of by
 * CSS (`overflow: hidden` + `text-overflow`): each clipped cell is a paint
 * chunk of its own, and Chromium re-layerizes every chunk of the page on each
 * frame, so four clipped cells per row made every echoed keystroke's frame
 * cost more. Their font is monospace and their width `max` ch, so the cut is
 * exact. Never cuts a surrogate pair in two.
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/** The peer cell: the address, and its AS while it fits (the address goes first; the row's title has both whole). */
export function peerCell(peer: string | null, asn: string | null, max = ROW_PEER_CHARS): { address: string; as: string | null } {
  const address = peer ?? '';
  const as = asn === null ? null : ` AS${asn}`;
  if (as === null || address.length + as.length <= max) return { address: fitText(address, max), as };
  if (address.length >= max - 1) return { address: fitText(address, max), as: null };
  return { address, as: fitText(as, max - address.length) };
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
