import { describe, expect, it } from 'vitest';
import {
  decodeBgpMessage,
  decodeBmpMessage,
  encodeBgpMessage,
  encodeBmpMessage,
  type DecodeError,
  type DecodeErrorCode,
  type ErrorHandling,
  type PathAttribute,
  type Result,
} from '../src/index.js';
import { ALL_CODES, bgp, bmp, concat, PEER_A_HEADER, rm, withOwnLength } from './helpers.js';
import { allBmpMessages, notification, open, updateLegacy, updateV4, updateV6 } from './samples.js';

// Tier 3: malformed corpus. Decoding never throws and every failure is a
// coded error that names a field and an offset inside the input.

function expectCoded(r: Result<unknown>, len: number): DecodeError | null {
  if (r.ok) return null;
  expect(ALL_CODES).toContain(r.error.code);
  expect(r.error.offset).toBeGreaterThanOrEqual(0);
  expect(r.error.offset).toBeLessThanOrEqual(len);
  expect(r.error.field.length).toBeGreaterThan(0);
  expect(r.error.message.length).toBeGreaterThan(0);
  return r.error;
}

describe('truncated at every byte position', () => {
  for (const [i, m] of allBmpMessages.entries()) {
    it(`#${i} ${m.type}: cut keeps the declared length -> error`, () => {
      const full = encodeBmpMessage(m);
      for (let n = 0; n < full.length; n++) {
        const e = expectCoded(decodeBmpMessage(full.subarray(0, n)), n);
        expect(e, `cut at ${n}`).not.toBeNull();
      }
    });
    it(`#${i} ${m.type}: cut with the length patched -> coded error or a consistent shorter message`, () => {
      const full = encodeBmpMessage(m);
      for (let n = 0; n < full.length; n++) {
        const cut = withOwnLength(full.subarray(0, n));
        const r = decodeBmpMessage(cut);
        if (r.ok)
          expect(encodeBmpMessage(r.value)).toEqual(cut); // only at a TLV boundary
        else expectCoded(r, n);
      }
    });
  }
  const bgpSamples = [open(65001, '192.0.2.1'), updateV4, updateV6, notification];
  for (const m of bgpSamples) {
    it(`BGP ${m.type}: every cut (length patched) is a coded error or consistent`, () => {
      const full = encodeBgpMessage(m);
      for (let n = 0; n < full.length; n++) {
        const cut = full.slice(0, n);
        if (n >= 18) cut.set([n >> 8, n & 0xff], 16);
        const r = decodeBgpMessage(cut);
        if (r.ok) expect(encodeBgpMessage(r.value)).toEqual(cut);
        else expectCoded(r, n);
      }
    });
  }
  it('a cut 2-octet-AS UPDATE', () => {
    const full = encodeBgpMessage(updateLegacy, { fourOctetAs: false });
    for (let n = 0; n < full.length; n++) expect(decodeBgpMessage(full.subarray(0, n), { fourOctetAs: false }).ok).toBe(false);
  });
});

interface Case {
  name: string;
  bytes: Uint8Array;
  code: DecodeErrorCode;
  offset?: number;
  field?: string;
  handling?: ErrorHandling;
}

const init = (tlvHex: string) => bmp(4, Uint8Array.from(Buffer.from(tlvHex.replace(/\s/g, ''), 'hex')));
const good = encodeBmpMessage(allBmpMessages[0]!);

const cases: Case[] = [
  { name: 'version 2', bytes: Uint8Array.of(2, ...good.subarray(1)), code: 'BMP_BAD_VERSION', offset: 0, field: 'common header.version' },
  { name: 'length 5', bytes: Uint8Array.of(3, 0, 0, 0, 5, 4), code: 'BMP_BAD_LENGTH', offset: 1, field: 'common header.length' },
  { name: 'length larger than the input', bytes: Uint8Array.of(3, 0, 0, 0, 9, 4, 0), code: 'BMP_TRUNCATED', offset: 1 },
  { name: 'bytes after the declared length', bytes: concat(good, Uint8Array.of(0)), code: 'BMP_LENGTH_MISMATCH', offset: 1 },
  { name: 'message type 7', bytes: bmp(7, new Uint8Array(0)), code: 'BMP_UNKNOWN_MESSAGE_TYPE', offset: 5 },
  { name: 'header only (5 bytes)', bytes: Uint8Array.of(3, 0, 0, 0, 6), code: 'BMP_TRUNCATED', offset: 5, field: 'common header.message type' },
  { name: 'Initiation TLV length past the message', bytes: init('0001 0010 4142'), code: 'BMP_BAD_TLV_LENGTH', offset: 10 },
  { name: 'Initiation TLV cut in its header', bytes: init('0001 00'), code: 'BMP_TRUNCATED', offset: 8, field: 'initiation TLV.length' },
  { name: 'Termination reason of 3 bytes', bytes: bmp(5, Uint8Array.of(0, 1, 0, 3, 0, 0, 0)), code: 'BMP_BAD_TLV_VALUE', offset: 8 },
  { name: 'peer type 4', bytes: bmp(2, concat(Uint8Array.of(4), PEER_A_HEADER.subarray(1), Uint8Array.of(4))), code: 'BMP_BAD_PEER_TYPE', offset: 6 },
  { name: 'Peer Down reason 4 with data', bytes: bmp(2, concat(PEER_A_HEADER, Uint8Array.of(4, 0))), code: 'BMP_TRAILING_DATA', offset: 49 },
  {
    name: 'Peer Down reason 2 without its FSM code',
    bytes: bmp(2, concat(PEER_A_HEADER, Uint8Array.of(2, 0))),
    code: 'BMP_TRUNCATED',
    offset: 49,
    field: 'peer down.FSM event code',
  },
  {
    name: 'Peer Down reason 1 carrying an OPEN',
    bytes: bmp(2, concat(PEER_A_HEADER, Uint8Array.of(1), encodeBgpMessage(open(1, '1.1.1.1')))),
    code: 'BMP_UNEXPECTED_BGP_TYPE',
    offset: 67,
  },
  { name: 'Route Monitoring carrying a KEEPALIVE', bytes: rm('', 4), code: 'BMP_UNEXPECTED_BGP_TYPE', offset: 66 },
  {
    name: 'Statistics counter of 8 bytes',
    bytes: bmp(1, concat(PEER_A_HEADER, Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1))),
    code: 'BMP_BAD_TLV_VALUE',
    offset: 54,
  },
  {
    name: 'Statistics count larger than the TLVs present',
    bytes: bmp(1, concat(PEER_A_HEADER, Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1))),
    code: 'BMP_TRUNCATED',
    offset: 60,
  },
  {
    name: 'Statistics TLV length past the message',
    bytes: bmp(1, concat(PEER_A_HEADER, Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 1))),
    code: 'BMP_BAD_TLV_LENGTH',
    offset: 56,
  },
  {
    name: 'BGP marker not all ones',
    bytes: (() => {
      const b = rm('0000 0000');
      b[50] = 0;
      return b;
    })(),
    code: 'BGP_BAD_MARKER',
    offset: 50,
    handling: 'session-reset',
  },
  {
    name: 'BGP length 18',
    bytes: (() => {
      const b = rm('0000 0000');
      b[64] = 0;
      b[65] = 18;
      return b;
    })(),
    code: 'BGP_BAD_LENGTH',
    offset: 64,
  },
  {
    name: 'BGP length past the BMP message',
    bytes: (() => {
      const b = rm('0000 0000');
      b[65] = 40;
      return b;
    })(),
    code: 'BGP_BAD_LENGTH',
    offset: 64,
  },
  { name: 'BGP type 9', bytes: rm('', 9), code: 'BGP_UNKNOWN_MESSAGE_TYPE', offset: 66 },
  { name: 'KEEPALIVE with a body', bytes: bmp(0, concat(PEER_A_HEADER, bgp(4, '00'))), code: 'BGP_BAD_LENGTH', offset: 64 },
  { name: 'withdrawn routes length past the UPDATE', bytes: rm('0010 0000'), code: 'BGP_BAD_WITHDRAWN_LENGTH', offset: 67, handling: 'session-reset' },
  { name: 'total path attribute length past the UPDATE', bytes: rm('0000 0010'), code: 'BGP_BAD_ATTRIBUTES_LENGTH', offset: 69, handling: 'session-reset' },
  { name: 'withdrawn prefix /33', bytes: rm('0002 2100 0000'), code: 'BGP_BAD_PREFIX_LENGTH', offset: 69, handling: 'session-reset' },
  { name: 'NLRI prefix bytes missing', bytes: rm('0000 0000 18c633'), code: 'BGP_BAD_PREFIX_LENGTH', offset: 71, handling: 'session-reset' },
  { name: 'ORIGIN 3', bytes: rm('0000 0004 40010103'), code: 'BGP_BAD_ORIGIN', offset: 74, handling: 'treat-as-withdraw' },
  { name: 'ORIGIN length 2', bytes: rm('0000 0005 4001020000'), code: 'BGP_BAD_ATTRIBUTE_LENGTH', offset: 71, handling: 'treat-as-withdraw' },
  { name: 'attribute length past the attributes', bytes: rm('0000 0004 40010500'), code: 'BGP_BAD_ATTRIBUTE_LENGTH', offset: 71, handling: 'treat-as-withdraw' },
  { name: 'duplicate MP_UNREACH_NLRI', bytes: rm('0000 000c 800f03000201 800f03000201'), code: 'BGP_DUPLICATE_ATTRIBUTE', offset: 77, handling: 'session-reset' },
  { name: 'AS_PATH segment type 5', bytes: rm('0000 0009 4002060501 0000fde9'), code: 'BGP_BAD_AS_PATH', offset: 74, handling: 'treat-as-withdraw' },
  { name: 'AS_PATH segment count past the attribute', bytes: rm('0000 0009 4002060202 0000fde9'), code: 'BGP_BAD_AS_PATH', offset: 76, handling: 'treat-as-withdraw' },
  { name: 'empty AS_PATH segment', bytes: rm('0000 0005 4002020200'), code: 'BGP_BAD_AS_PATH', offset: 75, handling: 'treat-as-withdraw' },
  { name: 'COMMUNITIES length 3', bytes: rm('0000 0006 c00803000000'), code: 'BGP_BAD_ATTRIBUTE_LENGTH', offset: 71, handling: 'treat-as-withdraw' },
  { name: 'MP_REACH_NLRI next hop length 5', bytes: rm('0000 000c 800e0900020105 0000000000 00'), code: 'BGP_BAD_NEXT_HOP_LENGTH', offset: 77, handling: 'session-reset' },
  { name: 'MP_REACH_NLRI prefix /129', bytes: rm('0000 0018 800e15 000201 10 20010db8000000000000000000000001 00 81'), code: 'BGP_BAD_PREFIX_LENGTH', handling: 'session-reset' },
  { name: 'MP_UNREACH_NLRI cut in AFI', bytes: rm('0000 0004 800f0100'), code: 'BGP_BAD_ATTRIBUTE_LENGTH', handling: 'session-reset' },
  { name: 'EXTENDED_COMMUNITIES length 7', bytes: rm('0000 000a c01007 00000000000000'), code: 'BGP_BAD_ATTRIBUTE_LENGTH', handling: 'treat-as-withdraw' },
  { name: 'LARGE_COMMUNITY length 8', bytes: rm('0000 000b c02008 0000000000000000'), code: 'BGP_BAD_ATTRIBUTE_LENGTH', handling: 'treat-as-withdraw' },
  {
    name: 'OPEN optional parameters past the message',
    bytes: bmp(2, concat(PEER_A_HEADER, Uint8Array.of(1), bgp(1, '04 fde9 00b4 c0000201 08 0206 01040001'))),
    code: 'BGP_BAD_PARAMETER_LENGTH',
  },
  {
    name: 'capability length past its parameter',
    bytes: bmp(3, concat(PEER_A_HEADER, new Uint8Array(20), bgp(1, '04 fde9 00b4 c0000201 04 0202 0105'))),
    code: 'BGP_BAD_CAPABILITY_LENGTH',
  },
  {
    name: 'multiprotocol capability of 3 bytes',
    bytes: bmp(3, concat(PEER_A_HEADER, new Uint8Array(20), bgp(1, '04 fde9 00b4 c0000201 07 0205 0103000101'))),
    code: 'BGP_BAD_CAPABILITY_LENGTH',
  },
];

// RFC 7606 "attribute-discard": the UPDATE still decodes, without that one
// attribute, and the error is listed in `update.warnings`.
interface DiscardCase {
  name: string;
  bytes: Uint8Array;
  code: DecodeErrorCode;
  offset: number;
  field: string;
  /** What remains of the path attributes. */
  kept: PathAttribute['type'][];
}

const discardCases: DiscardCase[] = [
  // ORIGIN IGP twice: the second is discarded (RFC 7606 §3 (g))
  { name: 'duplicate ORIGIN', bytes: rm('0000 0008 40010100 40010100'), code: 'BGP_DUPLICATE_ATTRIBUTE', offset: 75, field: 'UPDATE.path attribute ORIGIN', kept: ['origin'] },
  // AS4_PATH with an empty segment (RFC 6793 §6, RFC 7606 §7.2)
  { name: 'AS4_PATH malformed', bytes: rm('0000 0005 c011020200'), code: 'BGP_BAD_AS_PATH', offset: 75, field: 'UPDATE.path attribute AS4_PATH.segment length', kept: [] },
  // ATOMIC_AGGREGATE must be empty (RFC 7606 §7.6)
  {
    name: 'ATOMIC_AGGREGATE with a value',
    bytes: rm('0000 0004 40060100'),
    code: 'BGP_BAD_ATTRIBUTE_LENGTH',
    offset: 71,
    field: 'UPDATE.path attribute ATOMIC_AGGREGATE.length',
    kept: [],
  },
  // AGGREGATOR of 6 bytes where 8 are due (RFC 7606 §7.7)
  {
    name: 'AGGREGATOR of 6 bytes in a 4-octet session',
    bytes: rm('0000 0009 c00706fde9c0000201'),
    code: 'BGP_BAD_ATTRIBUTE_LENGTH',
    offset: 71,
    field: 'UPDATE.path attribute AGGREGATOR.length',
    kept: [],
  },
  // ORIGIN, a bad AS4_AGGREGATOR (7 bytes), NEXT_HOP 192.0.2.1, then NLRI 198.51.100.0/24
  {
    name: 'bad AS4_AGGREGATOR between good attributes, NLRI kept',
    bytes: rm('0000 0015 40010100 c01207fde9c0000201ff 400304c0000201 18c63364'),
    code: 'BGP_BAD_ATTRIBUTE_LENGTH',
    offset: 75,
    field: 'UPDATE.path attribute AS4_AGGREGATOR.length',
    kept: ['origin', 'nextHop'],
  },
];

describe('RFC 7606 attribute-discard: decoding goes on, the error is a warning', () => {
  for (const c of discardCases) {
    it(c.name, () => {
      const r = decodeBmpMessage(c.bytes);
      if (!r.ok) throw new Error(`should decode: ${JSON.stringify(r.error)}`);
      if (r.value.type !== 'route-monitoring') throw new Error('expected Route Monitoring');
      const u = r.value.update;
      expect(u.pathAttributes.map((a) => a.type)).toEqual(c.kept);
      expect(u.warnings).toHaveLength(1);
      expect(u.warnings?.[0]).toMatchObject({ code: c.code, offset: c.offset, field: c.field, handling: 'attribute-discard' });
      expect(ALL_CODES).toContain(u.warnings?.[0]?.code);
      // re-encoding leaves the discarded attribute out, and that is a fixed point
      const again = encodeBmpMessage(r.value);
      expect(again.length).toBeLessThan(c.bytes.length);
      const back = decodeBmpMessage(again);
      expect(back.ok && back.value.type === 'route-monitoring' ? back.value.update.warnings : 'failed').toBeUndefined();
      expect(back.ok && encodeBmpMessage(back.value)).toEqual(again);
    });
  }

  it('keeps NLRI and the good attributes around a discarded one', () => {
    const r = decodeBmpMessage(discardCases[4]!.bytes);
    expect(r).toMatchObject({
      ok: true,
      value: {
        update: {
          nlri: ['198.51.100.0/24'],
          pathAttributes: [
            { type: 'origin', value: 'igp' },
            { type: 'nextHop', value: '192.0.2.1' },
          ],
        },
      },
    });
  });

  it('several discards are all listed, in order; a later treat-as-withdraw still fails the UPDATE', () => {
    // ATOMIC_AGGREGATE with a value, then ORIGIN twice
    const two = rm('0000 000c 40060100 40010100 40010101');
    const r = decodeBmpMessage(two);
    expect(r.ok && r.value.type === 'route-monitoring' && r.value.update.warnings?.map((w) => [w.code, w.offset])).toEqual([
      ['BGP_BAD_ATTRIBUTE_LENGTH', 71],
      ['BGP_DUPLICATE_ATTRIBUTE', 79],
    ]);
    // a discardable error, then ORIGIN 3 (treat-as-withdraw): the message fails with the latter
    const worse = rm('0000 0008 40060100 40010103');
    expect(decodeBmpMessage(worse)).toMatchObject({ ok: false, error: { code: 'BGP_BAD_ORIGIN', offset: 78, handling: 'treat-as-withdraw' } });
  });

  it('a plain UPDATE has no warnings property', () => {
    const r = decodeBmpMessage(rm('0000 0004 40010100'));
    expect(r.ok && r.value.type === 'route-monitoring' && 'warnings' in r.value.update).toBe(false);
  });

  it('decodeBgpMessage reports warnings too', () => {
    const r = decodeBgpMessage(bgp(2, '0000 0004 40060100'));
    expect(r).toMatchObject({
      ok: true,
      value: { type: 'update', pathAttributes: [], warnings: [{ code: 'BGP_BAD_ATTRIBUTE_LENGTH', offset: 23, handling: 'attribute-discard' }] },
    });
  });
});

describe('malformed corpus with expected codes', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = decodeBmpMessage(c.bytes);
      const e = expectCoded(r, c.bytes.length);
      expect(e, 'should fail').not.toBeNull();
      expect(e?.code).toBe(c.code);
      if (c.offset !== undefined) expect(e?.offset).toBe(c.offset);
      if (c.field !== undefined) expect(e?.field).toBe(c.field);
      if (c.handling !== undefined) expect(e?.handling).toBe(c.handling);
    });
  }

  it('decodeBgpMessage: trailing bytes and a bare marker', () => {
    const ka = bgp(4, '');
    expect(decodeBgpMessage(concat(ka, Uint8Array.of(0)))).toMatchObject({ ok: false, error: { code: 'BGP_TRAILING_DATA', offset: 19 } });
    expect(decodeBgpMessage(ka.subarray(0, 16))).toMatchObject({ ok: false, error: { code: 'BGP_TRUNCATED', offset: 16 } });
  });

  it('Route Mirroring keeps an undecodable BGP PDU as erroredBgpMessage', () => {
    const pdu = bgp(2, '0000 0004 40010103'); // ORIGIN 3
    const msg = bmp(6, concat(PEER_A_HEADER, Uint8Array.of(0, 1, 0, 2, 0, 0), Uint8Array.of(0, 0, 0, pdu.length), pdu));
    const r = decodeBmpMessage(msg);
    expect(r).toMatchObject({
      ok: true,
      value: {
        tlvs: [
          { type: 'information', code: 0 },
          { type: 'erroredBgpMessage', error: { code: 'BGP_BAD_ORIGIN', offset: 84 } },
        ],
      },
    });
    if (r.ok) expect(encodeBmpMessage(r.value)).toEqual(msg);
  });
});
