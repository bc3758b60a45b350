import { AS_TRANS, type AsPathSegment } from '@bmp-lab/codec';

/**
 * The real AS path of an UPDATE sent by a 2-octet-AS speaker (RFC 6793
 * §4.2.3): its AS_PATH holds AS_TRANS where a 4-octet ASN stood, and its
 * AS4_PATH the path as 4-octet ASNs from the last 4-octet speaker on. The
 * reconstruction keeps as many leading ASNs of AS_PATH as AS_PATH is longer
 * than AS4_PATH, and puts AS4_PATH after them.
 */

/** How many ASNs a path counts as for the reconstruction: an AS_SET counts one, confederation segments none (RFC 6793 §4.2.3). */
export function reconstructionLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) {
    if (s.type === 'sequence') n += s.asns.length;
    else if (s.type === 'set') n += 1;
  }
  return n;
}

export interface As4Inputs {
  asPath: readonly AsPathSegment[];
  as4Path: readonly AsPathSegment[] | null;
  /** AGGREGATOR's ASN, when the UPDATE carries one. */
  aggregatorAsn: number | null;
  /** Whether the UPDATE carries AS4_AGGREGATOR. */
  hasAs4Aggregator: boolean;
}

/**
 * The merged path; AS_PATH unchanged when there is nothing to merge or the
 * rules say to ignore AS4_PATH: an AGGREGATOR with an ASN other than AS_TRANS
 * beside an AS4_AGGREGATOR (a 2-octet speaker aggregated after the 4-octet
 * path was formed), or an AS4_PATH longer than AS_PATH.
 */
export function mergeAs4Path(input: As4Inputs): readonly AsPathSegment[] {
  const { asPath } = input;
  if (input.as4Path === null) return asPath;
  if (input.hasAs4Aggregator && input.aggregatorAsn !== null && input.aggregatorAsn !== AS_TRANS) return asPath;
  // Confederation segments have no place in AS4_PATH (RFC 6793 §3); they are dropped, the rest kept (§6).
  const as4 = input.as4Path.filter((s) => s.type === 'sequence' || s.type === 'set');
  let needed = reconstructionLength(asPath) - reconstructionLength(as4);
  if (needed < 0) return asPath;
  const lead: AsPathSegment[] = [];
  for (const s of asPath) {
    if (s.type === 'confedSequence' || s.type === 'confedSet') {
      // Kept when it leads the path or follows a segment that was kept whole.
      if (needed > 0 || lead.length > 0 || asPath[0] === s) lead.push({ type: s.type, asns: [...s.asns] });
      else break;
      continue;
    }
    if (needed === 0) break;
    if (s.type === 'set') {
      lead.push({ type: 'set', asns: [...s.asns] });
      needed -= 1;
    } else {
      const take = Math.min(needed, s.asns.length);
      lead.push({ type: 'sequence', asns: s.asns.slice(0, take) });
      needed -= take;
      if (take < s.asns.length) break;
    }
  }
  return [...lead, ...as4.map((s) => ({ type: s.type, asns: [...s.asns] }))];
}
