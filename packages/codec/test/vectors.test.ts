import { describe, expect, it } from 'vitest';
import { decodeBgpMessage, decodeBmpMessage, encodeBgpMessage, encodeBmpMessage, fromHex } from '../src/index.js';

// Hand-written vectors, each field commented with the RFC section that defines
// it. They are written from the RFCs, not produced by our encoder, so they
// check both directions against an independent reading of the spec.

function decodeOk(hex: string) {
  const bytes = fromHex(hex);
  const r = decodeBmpMessage(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  expect(encodeBmpMessage(r.value)).toEqual(bytes); // byte-for-byte re-encode
  return r.value;
}

const PEER_HEADER_A = `
  00                                   # RFC 7854 §4.2 peer type 0 (global instance)
  00                                   # peer flags: V=0 (IPv4) L=0 (pre-policy) A=0 (4-octet AS) O=0 (Adj-RIB-In)
  0000000000000000                     # peer distinguisher (zero for global)
  000000000000000000000000 c0000201    # peer address: IPv4 192.0.2.1 in the last 4 bytes
  0000fde9                             # peer AS 65001
  c0000201                             # peer BGP ID 192.0.2.1
  6553f100                             # timestamp seconds 1700000000
  0001e240                             # timestamp microseconds 123456
`;

describe('hand-written BMP vectors', () => {
  it('Initiation (RFC 7854 §4.3)', () => {
    const m = decodeOk(`
      03                 # §4.1 version 3
      00000018           # message length 24
      04                 # message type 4 = Initiation
      0001 0004 56525020 # §4.4 TLV type 1 sysDescr, length 4, "VRP "
      0002 0006 48554157 4549  # TLV type 2 sysName, length 6, "HUAWEI"
    `);
    expect(m).toEqual({
      type: 'initiation',
      tlvs: [
        { type: 'sysDescr', value: 'VRP ' },
        { type: 'sysName', value: 'HUAWEI' },
      ],
    });
  });

  it('Termination (RFC 7854 §4.5), reason first', () => {
    const m = decodeOk(`
      03 00000012 05     # version 3, length 18, type 5 = Termination
      0001 0002 0000     # TLV type 1 reason, length 2, 0 = session administratively closed
      0000 0002 6f6b     # TLV type 0 string, length 2, "ok"
    `);
    expect(m).toEqual({
      type: 'termination',
      tlvs: [
        { type: 'reason', reason: 0 },
        { type: 'string', value: 'ok' },
      ],
    });
  });

  it('Peer Down reason 2 with FSM event code (RFC 7854 §4.9)', () => {
    const m = decodeOk(`
      03 00000033 02     # version 3, length 51 (6 + 42 + 1 + 2), type 2 = Peer Down
      ${PEER_HEADER_A}
      02                 # reason 2: local system closed, no NOTIFICATION
      000a               # FSM event code 10 (Hold timer expires)
    `);
    expect(m).toMatchObject({
      type: 'peer-down',
      reason: { kind: 'local-no-notification', code: 2, fsmEvent: 10 },
      peer: { address: '192.0.2.1', asn: 65001, timestampMicroseconds: 123456 },
    });
  });

  it('Route Monitoring with an IPv4 UPDATE (RFC 7854 §4.6, RFC 4271 §4.3)', () => {
    const m = decodeOk(`
      03 00000063 00     # version 3, length 99 (6 + 42 + 51), type 0 = Route Monitoring
      ${PEER_HEADER_A}
      ffffffffffffffffffffffffffffffff  # RFC 4271 §4.1 marker
      0033               # BGP length 51 (19 + 2 + 2 + 24 + 4)
      02                 # type 2 = UPDATE
      0000               # withdrawn routes length 0
      0018               # total path attribute length 24
      40 01 01 00        # ORIGIN (well-known, transitive) length 1: IGP
      40 02 0a 02 02 0000fde9 fa56ea00  # AS_PATH length 10: AS_SEQUENCE of 2: 65001 4200000000 (4-octet)
      40 03 04 c0000201  # NEXT_HOP length 4: 192.0.2.1
      18 c63364          # NLRI 198.51.100.0/24
    `);
    expect(m).toMatchObject({
      type: 'route-monitoring',
      update: {
        withdrawnRoutes: [],
        nlri: ['198.51.100.0/24'],
        pathAttributes: [
          { type: 'origin', value: 'igp' },
          { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000] }] },
          { type: 'nextHop', value: '192.0.2.1' },
        ],
      },
    });
  });

  it('Statistics Report with a counter, a gauge and an AFI/SAFI gauge (RFC 7854 §4.8)', () => {
    const m = decodeOk(`
      03 00000057 01     # version 3, length 87 (6 + 42 + 4 + 8 + 12 + 15), type 1
      ${PEER_HEADER_A}
      00000003           # stats count 3
      0000 0004 00000003 # type 0 (prefixes rejected by inbound policy), 32-bit counter 3
      0007 0008 00000000000004d2  # type 7 (routes in Adj-RIBs-In), 64-bit gauge 1234
      0009 000b 0001 01 00000000000003e8  # type 9 per-AFI/SAFI Adj-RIB-In: AFI 1, SAFI 1, gauge 1000
    `);
    expect(m).toMatchObject({
      type: 'statistics-report',
      stats: [
        { kind: 'counter', type: 0, value: 3 },
        { kind: 'gauge', type: 7, value: 1234n },
        { kind: 'afiSafiGauge', type: 9, afi: 1, safi: 1, value: 1000n },
      ],
    });
  });

  it('Loc-RIB peer header with the F flag (RFC 9069 §4.1, §4.2)', () => {
    const m = decodeOk(`
      03 00000031 02     # version 3, length 49, type 2 = Peer Down
      03                 # peer type 3 = Loc-RIB instance
      80                 # flags: F (filtered) — same bit as V, meaning depends on peer type
      0000000000000000   # peer distinguisher
      00000000000000000000000000000000  # peer address: zero-filled
      00000064           # AS 100
      0a000001           # BGP ID 10.0.0.1
      00000000 00000000  # timestamp 0.0
      05                 # reason 5: peer de-configured, no data
    `);
    expect(m).toMatchObject({ type: 'peer-down', peer: { peerType: 3, flags: { filtered: true }, address: '0.0.0.0' }, reason: { kind: 'peer-de-configured' } });
  });
});

describe('hand-written BGP vectors', () => {
  it('OPEN with capabilities in separate parameters (RFC 4271 §4.2, RFC 5492)', () => {
    const bytes = fromHex(`
      ffffffffffffffffffffffffffffffff 0029 01  # marker, length 41, type OPEN
      04                 # version 4
      5ba0               # my AS 23456 (AS_TRANS, RFC 6793)
      00b4               # hold time 180
      c0000202           # BGP identifier 192.0.2.2
      0c                 # optional parameters length 12
      02 06 01 04 0001 00 01  # param 2 (capabilities) len 6: cap 1 (MP) len 4: AFI 1, reserved, SAFI 1
      02 02 02 00        # param 2 len 2: cap 2 (route refresh) len 0
    `);
    const r = decodeBgpMessage(bytes);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toEqual({
      type: 'open',
      version: 4,
      myAsn: 23456,
      holdTime: 180,
      bgpId: '192.0.2.2',
      parameters: [
        { type: 'capabilities', capabilities: [{ type: 'multiprotocol', afi: 1, safi: 1 }] },
        { type: 'capabilities', capabilities: [{ type: 'routeRefresh' }] },
      ],
    });
    expect(encodeBgpMessage(r.value)).toEqual(bytes);
  });

  it('keeps non-default attribute flags (extended length on a short AS_PATH) for exact re-encoding', () => {
    const bytes = fromHex(`
      ffffffffffffffffffffffffffffffff 0025 02  # marker, length 37, UPDATE
      0000 000e          # no withdrawn routes; attributes length 14
      50 02 0006 02 01 0000fde9  # AS_PATH flags 0x50 (transitive + extended length), length 6, SEQUENCE [65001]
      40 01 01 02        # ORIGIN INCOMPLETE
    `);
    const r = decodeBgpMessage(bytes);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({
      pathAttributes: [
        { type: 'asPath', flags: 0x50 },
        { type: 'origin', value: 'incomplete' },
      ],
    });
    expect(encodeBgpMessage(r.value)).toEqual(bytes);
  });
});
