import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { ok, type DecodeError, type Result } from '../errors.js';
import { AFI, SAFI } from './constants.js';
import { readPrefixes, writePrefix } from './nlri.js';
import type { PrefixList } from './prefix-run.js';
import { readPathAttributes, writePathAttributes, type PathAttribute } from './path-attributes/index.js';

/**
 * RFC 4271 §4.3 UPDATE message. IPv4 unicast routes travel in
 * `withdrawnRoutes` and `nlri`; other families in the MP_REACH_NLRI and
 * MP_UNREACH_NLRI attributes (RFC 4760). ADD-PATH NLRI (RFC 7911) is not
 * supported. `P`: how prefixes are given — text (the default), or, when the
 * decoder is asked for prefix runs, text or PrefixRun (bgp/prefix-run.ts).
 */
export interface UpdateMessage<P extends PrefixList = string[]> {
  type: 'update';
  /** IPv4 prefixes, e.g. `203.0.113.0/25`. */
  withdrawnRoutes: P;
  pathAttributes: PathAttribute<P>[];
  /** IPv4 prefixes. */
  nlri: P;
  /**
   * Decode only, present only when non-empty: RFC 7606 "attribute-discard"
   * errors (each with `handling: 'attribute-discard'`, its offset and field)
   * for attributes left out of `pathAttributes`. Encoders ignore it, so such
   * an UPDATE re-encodes without the discarded attributes.
   */
  warnings?: DecodeError[];
}

export function readUpdate(r: ByteReader, fourOctetAs: boolean): Result<UpdateMessage<PrefixList>> {
  const t = r.spans;
  const wAt = r.offset;
  const wLen = r.u16('UPDATE.withdrawn routes length');
  if (wLen < 0) return r.failure();
  t?.field('withdrawn routes length', r.offset, wLen);
  // RFC 7606 §5.1 / RFC 4271 §6.3: a length that overruns the message cannot be parsed past: session reset.
  const wr = r.sub(wLen, 'UPDATE.withdrawn routes', 'BGP_BAD_WITHDRAWN_LENGTH', 'BGP_BAD_PREFIX_LENGTH', 'session-reset');
  if (wr === null)
    return r.fail(
      'BGP_BAD_WITHDRAWN_LENGTH',
      wAt,
      'UPDATE.withdrawn routes length',
      `Withdrawn routes length ${wLen} at offset ${wAt} exceeds the ${r.remaining} bytes left in the UPDATE.`,
      'session-reset',
    );
  t?.open('withdrawn routes', wr.end);
  const withdrawnRoutes = readPrefixes(wr, 'ipv4', 'UPDATE.withdrawn routes', 'session-reset');
  if (withdrawnRoutes === null) return wr.failure();
  t?.close();
  const aAt = r.offset;
  const aLen = r.u16('UPDATE.total path attribute length');
  if (aLen < 0)
    return r.fail(
      'BGP_BAD_ATTRIBUTES_LENGTH',
      aAt,
      'UPDATE.total path attribute length',
      `UPDATE ends at offset ${aAt} before the total path attribute length field.`,
      'session-reset',
    );
  t?.field('total path attribute length', r.offset, aLen);
  const ar = r.sub(aLen, 'UPDATE.path attributes', 'BGP_BAD_ATTRIBUTES_LENGTH', 'BGP_BAD_ATTRIBUTE_LENGTH', 'treat-as-withdraw');
  if (ar === null)
    return r.fail(
      'BGP_BAD_ATTRIBUTES_LENGTH',
      aAt,
      'UPDATE.total path attribute length',
      `Total path attribute length ${aLen} at offset ${aAt} exceeds the ${r.remaining} bytes left in the UPDATE.`,
      'session-reset',
    );
  t?.open('path attributes', ar.end);
  const warnings: DecodeError[] = [];
  const pathAttributes = readPathAttributes(ar, fourOctetAs, warnings);
  if (!pathAttributes.ok) return pathAttributes;
  if (t !== null) {
    t.close();
    t.open('NLRI', r.end);
  }
  // RFC 7606 §5.3: NLRI that cannot be parsed means session reset.
  const nlri = readPrefixes(r, 'ipv4', 'UPDATE.nlri', 'session-reset');
  if (nlri === null) return r.failure();
  t?.close();
  const update: UpdateMessage<PrefixList> = { type: 'update', withdrawnRoutes, pathAttributes: pathAttributes.value, nlri };
  if (warnings.length > 0) update.warnings = warnings;
  return ok(update);
}

export function writeUpdate(w: ByteWriter, m: UpdateMessage, fourOctetAs: boolean): void {
  const wAt = w.reserve(2);
  const wStart = w.length;
  for (const p of m.withdrawnRoutes) writePrefix(w, p, 'ipv4', 'UPDATE.withdrawn routes');
  w.patchU16(wAt, w.length - wStart, 'UPDATE.withdrawn routes length');
  const aAt = w.reserve(2);
  const aStart = w.length;
  writePathAttributes(w, m.pathAttributes, fourOctetAs);
  w.patchU16(aAt, w.length - aStart, 'UPDATE.total path attribute length');
  for (const p of m.nlri) writePrefix(w, p, 'ipv4', 'UPDATE.nlri');
}

/**
 * End-of-RIB marker (RFC 4724 §2): an empty UPDATE for IPv4 unicast, or an
 * UPDATE whose only attribute is an empty MP_UNREACH_NLRI for other families.
 */
export function endOfRib(afi: number = AFI.IPV4, safi: number = SAFI.UNICAST): UpdateMessage {
  if (afi === AFI.IPV4 && safi === SAFI.UNICAST) return { type: 'update', withdrawnRoutes: [], pathAttributes: [], nlri: [] };
  return { type: 'update', withdrawnRoutes: [], pathAttributes: [{ type: 'mpUnreachNlri', afi, safi, withdrawnRoutes: [] }], nlri: [] };
}

/** The AFI/SAFI an UPDATE marks the end of (RFC 4724 §2), or `null` if it is not an End-of-RIB. */
export function endOfRibFamily(u: UpdateMessage<PrefixList>): { afi: number; safi: number } | null {
  if (u.withdrawnRoutes.length > 0 || u.nlri.length > 0) return null;
  if (u.pathAttributes.length === 0) return { afi: AFI.IPV4, safi: SAFI.UNICAST };
  const only = u.pathAttributes[0];
  if (u.pathAttributes.length === 1 && only !== undefined && only.type === 'mpUnreachNlri' && only.withdrawnRoutes.length === 0) {
    return { afi: only.afi, safi: only.safi };
  }
  return null;
}
