import type { ByteReader } from '../../bytes/reader.js';
import type { ByteWriter } from '../../bytes/writer.js';
import { fromHex, toHex } from '../../bytes/hex.js';
import { ok, type Result } from '../../errors.js';
import { badAttributeLength, type AttributeContext } from './context.js';
import type { PathAttribute } from './types.js';

/** COMMUNITIES (RFC 1997): 4 octets each, shown as `high:low`. RFC 7606 §7.8: length must be a non-zero multiple of 4. */
export function readCommunities(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  const len = v.remaining;
  if (len === 0 || len % 4 !== 0) return badAttributeLength(ctx, len, 'a non-zero multiple of 4');
  const values: string[] = [];
  while (!v.atEnd) {
    const c = `${v.u16('community.high')}:${v.u16('community.low')}`;
    v.spans?.field('community', v.offset, c);
    values.push(c);
  }
  return ok({ type: 'communities', values });
}

export function writeCommunities(w: ByteWriter, values: string[]): void {
  for (const c of values) {
    const m = /^(\d{1,5}):(\d{1,5})$/.exec(c);
    if (m === null) throw new RangeError(`COMMUNITIES: '${c}' is not 'high:low'`);
    w.u16(Number(m[1]), 'COMMUNITIES.high').u16(Number(m[2]), 'COMMUNITIES.low');
  }
}

/** LARGE_COMMUNITY (RFC 8092 §3): 12 octets each, `global:local1:local2`. RFC 8092 §6: length a non-zero multiple of 12. */
export function readLargeCommunities(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  const len = v.remaining;
  if (len === 0 || len % 12 !== 0) return badAttributeLength(ctx, len, 'a non-zero multiple of 12');
  const values: string[] = [];
  while (!v.atEnd) {
    const c = `${v.u32('global')}:${v.u32('local1')}:${v.u32('local2')}`;
    v.spans?.field('large community', v.offset, c);
    values.push(c);
  }
  return ok({ type: 'largeCommunities', values });
}

export function writeLargeCommunities(w: ByteWriter, values: string[]): void {
  for (const c of values) {
    const m = /^(\d{1,10}):(\d{1,10}):(\d{1,10})$/.exec(c);
    if (m === null) throw new RangeError(`LARGE_COMMUNITY: '${c}' is not 'global:local1:local2'`);
    w.u32(Number(m[1]), 'LARGE_COMMUNITY.global').u32(Number(m[2]), 'LARGE_COMMUNITY.local1').u32(Number(m[3]), 'LARGE_COMMUNITY.local2');
  }
}

/** EXTENDED_COMMUNITIES (RFC 4360 §2): 8 octets each, shown as 16 hex digits. RFC 7606 §7.14: length a non-zero multiple of 8. */
export function readExtendedCommunities(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  const len = v.remaining;
  if (len === 0 || len % 8 !== 0) return badAttributeLength(ctx, len, 'a non-zero multiple of 8');
  const values: string[] = [];
  while (!v.atEnd) {
    const c = toHex(v.view(8, 'extended community') ?? new Uint8Array(8));
    v.spans?.field('extended community', v.offset, c);
    values.push(c);
  }
  return ok({ type: 'extendedCommunities', values });
}

export function writeExtendedCommunities(w: ByteWriter, values: string[]): void {
  for (const c of values) {
    if (!/^[0-9a-fA-F]{16}$/.test(c)) throw new RangeError(`EXTENDED_COMMUNITIES: '${c}' is not 16 hex digits`);
    w.bytes(fromHex(c));
  }
}
