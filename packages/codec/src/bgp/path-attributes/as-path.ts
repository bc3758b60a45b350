import type { ByteReader } from '../../bytes/reader.js';
import type { ByteWriter } from '../../bytes/writer.js';
import { codeLabel, namesOf } from '../../bytes/spans.js';
import { ok, type Result } from '../../errors.js';
import type { AttributeContext } from './context.js';
import { AS_PATH_SEGMENT_NAMES, AS_PATH_SEGMENT_TYPE, type AsPathSegment, type PathAttribute } from './types.js';

/**
 * AS_PATH (RFC 4271 §4.3 type 2) and AS4_PATH (RFC 6793 §3): a sequence of
 * segments, each a type octet, a count octet and `count` ASNs of 2 or 4
 * octets. AS4_PATH always uses 4 octets.
 */
const SEGMENT_LABELS = namesOf(AS_PATH_SEGMENT_TYPE);

export function readAsPathSegments(v: ByteReader, ctx: AttributeContext, fourOctet: boolean): Result<AsPathSegment[]> {
  const t = v.spans;
  const segments: AsPathSegment[] = [];
  const size = fourOctet ? 4 : 2;
  while (!v.atEnd) {
    const at = v.offset;
    const segType = v.u8(`${ctx.field}.segment type`);
    if (segType < 0) return v.failure();
    const name = AS_PATH_SEGMENT_NAMES[segType - 1];
    if (name === undefined) {
      return v.fail('BGP_BAD_AS_PATH', at, `${ctx.field}.segment type`, `${ctx.field} segment at offset ${at} has unknown type ${segType}.`, ctx.handling);
    }
    const count = v.u8(`${ctx.field}.segment length`);
    if (count < 0) return v.failure();
    if (count === 0) {
      return v.fail('BGP_BAD_AS_PATH', at + 1, `${ctx.field}.segment length`, `${ctx.field} segment at offset ${at} is empty (RFC 7606 §7.2).`, ctx.handling);
    }
    const seg = v.sub(count * size, `${ctx.field}.segment`, 'BGP_BAD_AS_PATH');
    if (seg === null) return v.failure();
    const asns: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) asns[i] = fourOctet ? seg.u32('asn') : seg.u16('asn');
    if (t !== null) {
      t.open('segment', seg.end, `${SEGMENT_LABELS[segType] ?? segType} of ${count}`);
      t.field('segment type', at + 1, codeLabel(SEGMENT_LABELS[segType], segType));
      t.field('segment length (ASNs)', at + 2, count);
      for (let i = 0; i < count; i++) t.field('ASN', at + 2 + (i + 1) * size, asns[i]);
      t.close();
    }
    segments.push({ type: name, asns });
  }
  return ok(segments);
}

export function readAsPath(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  const segs = readAsPathSegments(v, ctx, ctx.fourOctetAs);
  return segs.ok ? ok({ type: 'asPath', segments: segs.value }) : segs;
}

export function readAs4Path(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  const segs = readAsPathSegments(v, ctx, true);
  return segs.ok ? ok({ type: 'as4Path', segments: segs.value }) : segs;
}

const SEGMENT_CODE: Record<AsPathSegment['type'], number> = {
  set: AS_PATH_SEGMENT_TYPE.AS_SET,
  sequence: AS_PATH_SEGMENT_TYPE.AS_SEQUENCE,
  confedSequence: AS_PATH_SEGMENT_TYPE.AS_CONFED_SEQUENCE,
  confedSet: AS_PATH_SEGMENT_TYPE.AS_CONFED_SET,
};

export function writeAsPathSegments(w: ByteWriter, segments: AsPathSegment[], fourOctet: boolean): void {
  for (const s of segments) {
    w.u8(SEGMENT_CODE[s.type], 'AS_PATH.segment type').u8(s.asns.length, 'AS_PATH.segment length (split paths over 255 ASNs)');
    for (const asn of s.asns) {
      if (fourOctet) w.u32(asn, 'AS_PATH.asn');
      else w.u16(asn, 'AS_PATH.asn (2-octet; use AS_TRANS and AS4_PATH for larger ASNs)');
    }
  }
}
