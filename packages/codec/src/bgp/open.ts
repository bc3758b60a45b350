import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { formatIpv4, ipv4ToBytes } from '../bytes/ip.js';
import { ok, type Result } from '../errors.js';
import { readCapabilities, writeCapability, type Capability } from './capabilities.js';

/** RFC 5492 §4 / IANA "BGP OPEN Optional Parameter Types". */
export const OPEN_PARAMETER_TYPE = {
  /** RFC 5492 §4. */
  CAPABILITIES: 2,
} as const;

/**
 * One OPEN optional parameter (RFC 4271 §4.2). Capabilities stay grouped as
 * the speaker sent them (one parameter per capability or all in one), so a
 * decoded OPEN re-encodes byte for byte.
 */
export type OpenParameter = { type: 'capabilities'; capabilities: Capability[] } | { type: 'unknown'; code: number; value: Uint8Array };

/** RFC 4271 §4.2 OPEN message (after the 19-octet header). */
export interface OpenMessage {
  type: 'open';
  /** RFC 4271 §4.2: 4. */
  version: number;
  /** 2-octet "My Autonomous System" (AS_TRANS 23456 when the real ASN needs 4 octets). */
  myAsn: number;
  holdTime: number;
  bgpId: string;
  parameters: OpenParameter[];
}

/** All capabilities of an OPEN, flattened across its parameters. */
export function openCapabilities(open: OpenMessage): Capability[] {
  return open.parameters.flatMap((p) => (p.type === 'capabilities' ? p.capabilities : []));
}

/** The speaker's real ASN: the 4-octet AS capability if present (RFC 6793 §3), else My AS. */
export function openAsn(open: OpenMessage): number {
  for (const c of openCapabilities(open)) if (c.type === 'fourOctetAs') return c.asn;
  return open.myAsn;
}

export function readOpen(r: ByteReader): Result<OpenMessage> {
  const t = r.spans;
  const version = r.u8('OPEN.version');
  if (version < 0) return r.failure();
  t?.field('version', r.offset, version);
  const myAsn = r.u16('OPEN.my autonomous system');
  if (myAsn < 0) return r.failure();
  t?.field('my AS', r.offset, myAsn);
  const holdTime = r.u16('OPEN.hold time');
  if (holdTime < 0) return r.failure();
  t?.field('hold time', r.offset, holdTime);
  const id = r.view(4, 'OPEN.BGP identifier');
  if (id === null) return r.failure();
  const bgpId = formatIpv4(id);
  t?.field('BGP identifier', r.offset, bgpId);
  const optLen = r.u8('OPEN.optional parameters length');
  if (optLen < 0) return r.failure();
  t?.field('optional parameters length', r.offset, optLen);
  const params = r.sub(optLen, 'OPEN.optional parameters', 'BGP_BAD_PARAMETER_LENGTH');
  if (params === null) return r.failure();
  t?.open('optional parameters', params.end);
  const parameters: OpenParameter[] = [];
  while (!params.atEnd) {
    const at = params.offset;
    const code = params.u8('OPEN.optional parameter type');
    if (code < 0) return params.failure();
    const len = params.u8('OPEN.optional parameter length');
    if (len < 0) return params.failure();
    const v = params.sub(len, `OPEN.optional parameter ${code}`, 'BGP_BAD_PARAMETER_LENGTH');
    if (v === null) return params.failure();
    const caps = code === OPEN_PARAMETER_TYPE.CAPABILITIES;
    if (t !== null) {
      t.open('optional parameter', v.end, caps ? 'capabilities' : `parameter ${code}`);
      t.field('parameter type', at + 1, caps ? 'capabilities (2)' : code);
      t.field('parameter length', at + 2, len);
    }
    if (caps) {
      const list = readCapabilities(v, 'OPEN.capabilities');
      if (!list.ok) return list;
      parameters.push({ type: 'capabilities', capabilities: list.value });
    } else {
      const value = v.bytesCopy(len, `OPEN.optional parameter ${code}.value`);
      if (value === null) return v.failure();
      t?.field('value', v.end, toHex(value));
      parameters.push({ type: 'unknown', code, value });
    }
    t?.close();
  }
  t?.close();
  return ok({ type: 'open', version, myAsn, holdTime, bgpId, parameters });
}

export function writeOpen(w: ByteWriter, m: OpenMessage): void {
  w.u8(m.version, 'OPEN.version').u16(m.myAsn, 'OPEN.my autonomous system').u16(m.holdTime, 'OPEN.hold time');
  w.bytes(ipv4ToBytes(m.bgpId, 'OPEN.BGP identifier'));
  const lenAt = w.reserve(1);
  const start = w.length;
  for (const p of m.parameters) {
    if (p.type === 'capabilities') {
      w.u8(OPEN_PARAMETER_TYPE.CAPABILITIES, 'OPEN.optional parameter type');
      const at = w.reserve(1);
      const s = w.length;
      for (const c of p.capabilities) writeCapability(w, c);
      w.patchU8(at, w.length - s, 'OPEN.optional parameter length');
    } else {
      w.u8(p.code, 'OPEN.optional parameter type').u8(p.value.length, 'OPEN.optional parameter length').bytes(p.value);
    }
  }
  w.patchU8(lenAt, w.length - start, 'OPEN.optional parameters length');
}
