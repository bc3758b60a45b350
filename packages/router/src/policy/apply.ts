/**
 * The `apply` clauses of a permit node, as a transform of a route's path
 * attributes. Inputs are never changed; attributes that an apply leaves as
 * they were keep their object; new attributes go where their type code puts
 * them, so the array stays in type-code order (the order the encoder writes
 * them in).
 *
 * Outputs are cached per input array (object identity) and per list of
 * applies (by content, across compilations): the same input array through
 * the same clauses gives the same output array, also after the policy has
 * been compiled again, and an apply list that changes nothing gives the
 * input array itself.
 */
import { ATTRIBUTE_FLAG, PATH_ATTRIBUTE_TYPE, defaultAttributeFlags } from '@bmp-lab/codec';
import type { AsPathSegment, PathAttribute } from '@bmp-lab/codec';
import type { PolicyApply } from './policy-config.js';
import { formatCommunity, parseCommunity } from './community.js';

export type AttributeTransform = (attributes: readonly PathAttribute[]) => readonly PathAttribute[];

const MAX_U32 = 0xffffffff;
/** An AS_PATH segment holds at most 255 ASNs (its count is one octet, RFC 4271 §4.3). */
const SEGMENT_MAX = 255;

const TYPE_CODE: Readonly<Record<string, number>> = {
  origin: PATH_ATTRIBUTE_TYPE.ORIGIN,
  asPath: PATH_ATTRIBUTE_TYPE.AS_PATH,
  nextHop: PATH_ATTRIBUTE_TYPE.NEXT_HOP,
  multiExitDisc: PATH_ATTRIBUTE_TYPE.MULTI_EXIT_DISC,
  localPref: PATH_ATTRIBUTE_TYPE.LOCAL_PREF,
  atomicAggregate: PATH_ATTRIBUTE_TYPE.ATOMIC_AGGREGATE,
  aggregator: PATH_ATTRIBUTE_TYPE.AGGREGATOR,
  communities: PATH_ATTRIBUTE_TYPE.COMMUNITIES,
  originatorId: PATH_ATTRIBUTE_TYPE.ORIGINATOR_ID,
  clusterList: PATH_ATTRIBUTE_TYPE.CLUSTER_LIST,
  mpReachNlri: PATH_ATTRIBUTE_TYPE.MP_REACH_NLRI,
  mpUnreachNlri: PATH_ATTRIBUTE_TYPE.MP_UNREACH_NLRI,
  extendedCommunities: PATH_ATTRIBUTE_TYPE.EXTENDED_COMMUNITIES,
  as4Path: PATH_ATTRIBUTE_TYPE.AS4_PATH,
  as4Aggregator: PATH_ATTRIBUTE_TYPE.AS4_AGGREGATOR,
  largeCommunities: PATH_ATTRIBUTE_TYPE.LARGE_COMMUNITY,
};

/** The IANA type code of an attribute. */
export function typeCode(a: PathAttribute): number {
  return a.type === 'unknown' ? a.code : (TYPE_CODE[a.type] ?? 255);
}

/**
 * The flags a rewritten attribute keeps: none when the old one had the usual
 * flags, else the old flags with the extended-length bit set when the new
 * value may exceed 255 octets (`maxLength` is an upper bound).
 */
function carriedFlags(old: PathAttribute | undefined, code: number, maxLength: number): { flags?: number } {
  if (!old || old.type === 'unknown' || old.flags === undefined) return {};
  const base = old.flags & ~ATTRIBUTE_FLAG.EXTENDED_LENGTH;
  if (base === defaultAttributeFlags(code, 0)) return {};
  return { flags: maxLength > 255 ? base | ATTRIBUTE_FLAG.EXTENDED_LENGTH : base };
}

/** A copy-on-write view of an attribute list. */
class Draft {
  private out: PathAttribute[] | null = null;
  constructor(private readonly input: readonly PathAttribute[]) {}

  private get list(): readonly PathAttribute[] {
    return this.out ?? this.input;
  }

  find<T extends PathAttribute['type']>(type: T): Extract<PathAttribute, { type: T }> | undefined {
    for (const a of this.list) if (a.type === type) return a as Extract<PathAttribute, { type: T }>;
    return undefined;
  }

  /** Replaces the attribute of the same type, or inserts it before the first attribute with a higher type code. */
  set(attr: PathAttribute): void {
    const out = (this.out ??= this.input.slice());
    const code = typeCode(attr);
    let at = out.length;
    for (let i = 0; i < out.length; i++) {
      const a = out[i]!;
      if (a.type === attr.type && (a.type !== 'unknown' || typeCode(a) === code)) {
        out[i] = attr;
        return;
      }
      if (at === out.length && typeCode(a) > code) at = i;
    }
    out.splice(at, 0, attr);
  }

  remove(type: PathAttribute['type']): void {
    const i = this.list.findIndex((a) => a.type === type);
    if (i < 0) return;
    (this.out ??= this.input.slice()).splice(i, 1);
  }

  result(): readonly PathAttribute[] {
    return this.out ?? this.input;
  }
}

/** Communities once each, ascending by value, as the codec's `"hi:lo"` text. */
function communityTexts(values: Iterable<number>): string[] {
  return [...new Set(values)].sort((x, y) => x - y).map(formatCommunity);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSegments(a: readonly AsPathSegment[], b: readonly AsPathSegment[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.type !== y.type || x.asns.length !== y.asns.length) return false;
    for (let k = 0; k < x.asns.length; k++) if (x.asns[k] !== y.asns[k]) return false;
  }
  return true;
}

/** ASNs as AS_SEQUENCE segments of at most 255, the first one taking the remainder. */
function sequences(asns: readonly number[]): AsPathSegment[] {
  const out: AsPathSegment[] = [];
  let at = 0;
  const head = asns.length % SEGMENT_MAX;
  if (head > 0) {
    out.push({ type: 'sequence', asns: asns.slice(0, head) });
    at = head;
  }
  for (; at < asns.length; at += SEGMENT_MAX) out.push({ type: 'sequence', asns: asns.slice(at, at + SEGMENT_MAX) });
  return out;
}

function asPathMaxLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) n += 2 + 4 * s.asns.length;
  return n;
}

type Step = (d: Draft) => void;

function step(a: PolicyApply): Step | null {
  switch (a.kind) {
    case 'local-preference': {
      const value = a.value >>> 0;
      return (d) => {
        const cur = d.find('localPref');
        if (cur?.value !== value) d.set({ type: 'localPref', value, ...carriedFlags(cur, PATH_ATTRIBUTE_TYPE.LOCAL_PREF, 4) });
      };
    }
    case 'cost': {
      const { value, op } = a;
      return (d) => {
        const cur = d.find('multiExitDisc');
        // ⚠ INFERRED: `apply cost + N` / `- N` on a route without MED starts from 0.
        const base = cur?.value ?? 0;
        const next = op === '+' ? Math.min(MAX_U32, base + value) : op === '-' ? Math.max(0, base - value) : Math.min(MAX_U32, Math.max(0, value));
        if (cur?.value !== next) d.set({ type: 'multiExitDisc', value: next, ...carriedFlags(cur, PATH_ATTRIBUTE_TYPE.MULTI_EXIT_DISC, 4) });
      };
    }
    case 'community': {
      const listed: number[] = [];
      for (const v of a.values) {
        const n = parseCommunity(v);
        if (n !== undefined) listed.push(n);
      }
      if (listed.length === 0) return null;
      const additive = a.additive;
      const replacement = communityTexts(listed);
      return (d) => {
        const cur = d.find('communities');
        let values: string[];
        if (additive) {
          const have = new Set<number>();
          for (const t of cur?.values ?? []) {
            const n = parseCommunity(t);
            if (n !== undefined) have.add(n);
          }
          if (listed.every((n) => have.has(n))) return;
          values = communityTexts([...have, ...listed]);
        } else {
          if (cur && sameStrings(cur.values, replacement)) return;
          values = replacement;
        }
        d.set({ type: 'communities', values, ...carriedFlags(cur, PATH_ATTRIBUTE_TYPE.COMMUNITIES, 4 * values.length) });
      };
    }
    case 'community-none':
      return (d) => d.remove('communities');
    case 'as-path': {
      const asns = a.asns.map((n) => n >>> 0);
      const mode = a.mode;
      // `additive` and `delete` with nothing listed change nothing; `none overwrite` clears the path.
      if (asns.length === 0 && mode !== 'overwrite') return null;
      return (d) => {
        const cur = d.find('asPath');
        let segments: AsPathSegment[];
        if (mode === 'overwrite') {
          segments = sequences(asns);
          if (cur && sameSegments(cur.segments, segments)) return;
        } else if (mode === 'delete') {
          // Every occurrence of the listed AS numbers leaves the path; a segment left empty goes too.
          if (!cur) return;
          const drop = new Set(asns);
          segments = cur.segments.map((s) => ({ ...s, asns: s.asns.filter((n) => !drop.has(n)) })).filter((s) => s.asns.length > 0);
          if (sameSegments(cur.segments, segments)) return;
        } else {
          const old = cur?.segments ?? [];
          const first = old[0];
          segments = first?.type === 'sequence' ? [...sequences([...asns, ...first.asns]), ...old.slice(1)] : [...sequences(asns), ...old];
        }
        d.set({ type: 'asPath', segments, ...carriedFlags(cur, PATH_ATTRIBUTE_TYPE.AS_PATH, asPathMaxLength(segments)) });
      };
    }
    case 'origin': {
      const value = a.value;
      return (d) => {
        const cur = d.find('origin');
        if (cur?.value !== value) d.set({ type: 'origin', value, ...carriedFlags(cur, PATH_ATTRIBUTE_TYPE.ORIGIN, 1) });
      };
    }
  }
}

/** Per apply list (by content): input array → output array. */
const outputs = new Map<string, WeakMap<readonly PathAttribute[], readonly PathAttribute[]>>();
const MAX_APPLY_LISTS = 4096;

/**
 * The transform for a node's apply clauses, in their configured order; null
 * when they change nothing (none, or only values that do not parse).
 */
export function compileApplies(applies: readonly PolicyApply[]): AttributeTransform | null {
  const steps = applies.map(step).filter((s): s is Step => s !== null);
  if (steps.length === 0) return null;
  const key = JSON.stringify(applies);
  let cache = outputs.get(key);
  if (!cache) {
    if (outputs.size >= MAX_APPLY_LISTS) outputs.clear();
    cache = new WeakMap();
    outputs.set(key, cache);
  }
  const memo = cache;
  return (input) => {
    let out = memo.get(input);
    if (out === undefined) {
      const d = new Draft(input);
      for (const s of steps) s(d);
      out = d.result();
      memo.set(input, out);
    }
    return out;
  };
}
