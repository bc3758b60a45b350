import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, dissectBmpMessage, encodeBmpMessage, fromHex, type DissectionNode } from '../src/index.js';

// Huawei's Route Policy and Attribute Trace (BMP type 100), laid out as pmacct's
// pmbmpd parses it, assembled here byte by byte (not by the encoder): every event
// TLV (VRF, policy with two chained policies, pre/post-policy attributes, string, unknown).
const hex = (s: string) => s.replace(/\s+/g, '');
const attrsPre = hex('40 01 01 00  40 02 06 02 01 00 00 00 c8  40 03 04 0a 02 02 02'); // ORIGIN igp, AS_PATH 200, NEXT_HOP 10.2.2.2
const attrsPost = hex('40 01 01 00  40 02 06 02 01 00 00 00 c8  40 03 04 0a 02 02 02  c0 08 04 00 64 00 c8'); // + COMMUNITIES 100:200
const tlv = (type: number, value: string) => hex(type.toString(16).padStart(4, '0') + (value.length / 2).toString(16).padStart(4, '0') + value);
const text = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const policyValue = hex('e0 02 00' + '00'.repeat(12) + '0a020202' + '0a020202' + '000000c8' + '0008 0002' + text('from-200') + text('10') + 'c0' + '0005 0000' + text('other'));
const tlvs = tlv(0, '00000000' + text('_public_')) + tlv(1, policyValue) + tlv(2, attrsPre) + tlv(3, attrsPost) + tlv(4, text('hi')) + tlv(9, 'abcd');
const eventBody = hex('00  5f5e1000 00000010  00000000  0001 01') + tlvs;
const event = (eventBody.length / 2 + 2).toString(16).padStart(4, '0') + eventBody;
const body = hex('00 0000000000000000 19' + '00'.repeat(12) + 'c0000280' + '01010101' + '01') + (event.length / 2).toString(16).padStart(4, '0') + event;
const bytes = fromHex(hex('03' + (body.length / 2 + 6).toString(16).padStart(8, '0') + '64') + body);

function find(n: DissectionNode, name: string): DissectionNode | undefined {
  if (n.name === name) return n;
  for (const c of n.children ?? []) {
    const f = find(c, name);
    if (f) return f;
  }
  return undefined;
}

describe('Route Policy and Attribute Trace (type 100)', () => {
  it('decodes every field and re-encodes byte for byte', () => {
    const m = decodeBmpMessage(bytes);
    if (!m.ok) throw new Error(m.error.message);
    expect(m.value).toEqual({
      type: 'route-policy-trace',
      ipv6: false,
      distinguisher: '0000000000000000',
      prefix: '192.0.2.128/25',
      bgpId: '1.1.1.1',
      events: [
        {
          index: 0,
          timestampSeconds: 0x5f5e1000,
          timestampMicroseconds: 16,
          pathId: 0,
          afi: 1,
          safi: 1,
          tlvs: [
            { type: 'vrf', id: 0, name: '_public_' },
            {
              type: 'policy',
              matched: true,
              permitted: true,
              changed: true,
              policyClass: 0,
              peerAddress: '10.2.2.2',
              peerBgpId: '10.2.2.2',
              peerAsn: 200,
              policies: [
                { name: 'from-200', id: '10', next: 0xc0 },
                { name: 'other', id: '' },
              ],
            },
            {
              type: 'pre-policy-attributes',
              attributes: [
                { type: 'origin', value: 'igp' },
                { type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] },
                { type: 'nextHop', value: '10.2.2.2' },
              ],
            },
            { type: 'post-policy-attributes', attributes: expect.arrayContaining([{ type: 'communities', values: ['100:200'] }]) },
            { type: 'string', value: 'hi' },
            { type: 'unknown', code: 9, value: fromHex('abcd') },
          ],
        },
      ],
    });
    expect(encodeBmpMessage(m.value)).toEqual(bytes);
  });

  it('shows its fields in the dissection tree, tiling the message', () => {
    const tree = dissectBmpMessage(bytes);
    expect(tree.error).toBeUndefined();
    expect(tree.value).toBe('route-policy-trace');
    expect(find(tree, 'message type')?.value).toBe('route-policy-trace (100)');
    expect(find(tree, 'prefix')?.value).toBe('192.0.2.128/25');
    expect(find(tree, 'class')?.value).toBe('inbound policy (0)');
    expect(find(tree, 'name')?.value).toBe('from-200');
    expect(find(tree, 'VRF name')?.value).toBe('_public_');
    expect(find(tree, 'COMMUNITIES')).toBeDefined();
    expect(find(tree, 'trailing data')).toBeUndefined();
    expect(find(tree, 'malformed')).toBeUndefined();
  });

  it('rejects malformed ones with a coded error, never a throw', () => {
    const cut = (b: Uint8Array, n: number) => {
      const c = b.slice(0, b.length - n);
      new DataView(c.buffer).setUint32(1, c.length);
      return c;
    };
    expect(decodeBmpMessage(cut(bytes, 1))).toMatchObject({ ok: false });
    const badPrefix = bytes.slice();
    badPrefix[6 + 9] = 33;
    expect(decodeBmpMessage(badPrefix)).toMatchObject({ ok: false, error: { code: 'BMP_BAD_TLV_VALUE', field: 'route policy trace.prefix length' } });
    const moreEvents = bytes.slice();
    moreEvents[6 + 30] = 2;
    expect(decodeBmpMessage(moreEvents)).toMatchObject({ ok: false });
    for (let n = 1; n < bytes.length - 6; n += 7) {
      const d = dissectBmpMessage(cut(bytes, n));
      expect(d.error).toBeDefined();
    }
  });

  it('an unknown type still fails clearly', () => {
    const b = bytes.slice();
    b[5] = 99;
    expect(decodeBmpMessage(b)).toMatchObject({ ok: false, error: { code: 'BMP_UNKNOWN_MESSAGE_TYPE' } });
  });
});
