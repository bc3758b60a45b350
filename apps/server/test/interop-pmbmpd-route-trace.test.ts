import { describe, expect, it } from 'vitest';
import { eventually } from './lab-harness.js';
import { pmbmpdLabPerTest } from './interop-harness.js';
import { STAGED_POLICY_LINES } from './policy-lab.js';

/**
 * `trace-prefix` as an independent collector reads it: pmacct's pmbmpd
 * decodes Huawei's Route Policy and Attribute Trace messages (BMP type 100,
 * its `rpat` records). Wireshark 4.0's BMP dissector follows another draft
 * revision for the policy TLV's flags (docs/vrp-behaviour.md, route trace),
 * so pmbmpd is the oracle here.
 * 192.0.2.128/25 comes from 10.2.2.2 (AS 200), whose import policy `from-200`
 * adds community 100:200; it is selected into the Loc-RIB and advertised to
 * 10.3.3.3 (AS 300).
 */
const pmbmpd = pmbmpdLabPerTest();

type Rec = Record<string, unknown>;

describe('pmbmpd reads route trace messages', () => {
  it('logs the inbound policy, Loc-RIB and outbound steps of a traced prefix, and nothing for others', async () => {
    const { pm, type } = await pmbmpd.start();
    const out = type(
      'system-view',
      ...STAGED_POLICY_LINES,
      'bmp',
      'bmp-session 127.0.0.1',
      `tcp connect port ${pm.port}`,
      'monitor public',
      'route-mode ipv4-family unicast adj-rib-in post-policy',
      'quit',
      'ipv4 unicast',
      'trace-prefix 192.0.2.128 25',
      'quit',
      'quit',
      'commit',
      'return',
    );
    expect(out).not.toContain('Error');
    const traces = (): Rec[] => pm.messages().filter((r) => r['bmp_msg_type'] === 'rpat');
    const of = (cls: string) => traces().filter((r) => r['policy_class'] === cls);

    await eventually(() => of('Inbound policy').length > 0 && of('Outbound policy').length > 0, 15_000);
    for (const r of traces()) expect(r).toMatchObject({ prefix: '192.0.2.128', prefix_len: 25, afi: 1, safi: 1, vrf_id: 0, vrf_name: '_public_' });
    expect(of('Inbound policy')[0]).toMatchObject({ peer_ip: '10.2.2.2', peer_asn: 200, policy_is_match: 1, policy_is_permit: 1, policy_is_diff: 1, policy_name: ['from-200'] });
    expect(of('Outbound policy')[0]).toMatchObject({ peer_ip: '10.3.3.3', peer_asn: 300, policy_name: ['no-203'] });
    // The Loc-RIB step has no policy TLV: pmbmpd logs its string TLV.
    expect(traces().some((r) => JSON.stringify(r['bmp_rpat_info_string'] ?? r['string'] ?? '').includes('Loc-RIB'))).toBe(true);
    // Order on the wire: received through import policy, selected, then advertised.
    const classes = traces().map((r) => (typeof r['policy_class'] === 'string' ? r['policy_class'] : 'selected'));
    expect(classes.indexOf('Inbound policy')).toBeLessThan(classes.indexOf('selected'));
    expect(classes.indexOf('selected')).toBeLessThan(classes.indexOf('Outbound policy'));

    // Route Monitoring of other prefixes arrived, and no trace names them.
    expect(pm.messages().some((r) => r['bmp_msg_type'] === 'route_monitor' && r['ip_prefix'] === '203.0.113.0/24')).toBe(true);
    expect(traces().every((r) => r['prefix'] === '192.0.2.128')).toBe(true);
    expect(pm.problems()).toEqual([]);
  });
});
