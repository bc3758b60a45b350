import { describe, expect, it } from 'vitest';
import { createBmpFramer, decodeBmpMessage, type BmpMessage } from '@bmp-lab/codec';
import { lab, settle } from './harness.js';

// `trace-prefix` in a BMP session's `ipv4 unicast` view: the traced prefix's
// route yields Route Policy and Attribute Trace messages (BMP type 100) after
// its Route Monitoring, an untraced one none; the display counts them and the
// configuration shows the view. (Peers' inbound/outbound steps: the pmbmpd interop test.)

function written(l: ReturnType<typeof lab>): BmpMessage[] {
  const framer = createBmpFramer();
  return l.dialer.connections
    .flatMap((c) => c.written)
    .flatMap((b) => framer.push(b))
    .map((it) => {
      if (!it.ok) throw new Error(it.error.message);
      const m = decodeBmpMessage(it.bytes);
      if (!m.ok) throw new Error(m.error.message);
      return m.value;
    });
}

describe('trace-prefix', () => {
  it('traces the configured prefix only, after its Route Monitoring, and counts the messages', async () => {
    const l = lab();
    l.lines(
      'system-view',
      'bgp 100',
      'router-id 1.1.1.1',
      'network 10.9.9.0 24',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'tcp connect port 1790',
      'monitor public',
      'route-mode ipv4-family unicast local-rib',
      'quit',
    );
    expect(l.type('ipv4 unicast\r')).toContain('[*HUAWEI-bmp-session-10.1.1.1-ipv4-unicast]');
    l.lines('trace-prefix 10.1.1.0 24', 'quit', 'ipv4 vpn', 'trace-prefix route-distinguisher 100:1 all', 'quit', 'quit', 'commit');
    await settle();
    // Traces are of changes while the session is up (the page: "in real time" once connected).
    l.lines('quit', 'bgp 100', 'network 10.1.1.0 24', 'network 10.8.8.0 24', 'commit', 'quit', 'bmp');
    await settle();
    const messages = written(l);
    const traces = messages.filter((m) => m.type === 'route-policy-trace');
    expect(traces.map((m) => m.prefix)).toEqual(['10.1.1.0/24']);
    const trace = traces[0]!;
    expect(trace.events[0]!.tlvs).toEqual([
      { type: 'vrf', id: 0, name: '_public_' },
      expect.objectContaining({ type: 'policy', policyClass: 6, matched: false }),
      expect.objectContaining({ type: 'post-policy-attributes' }),
    ]);
    // The trace follows the Loc-RIB Route Monitoring that carried the prefix.
    const rm = messages.findIndex((m) => m.type === 'route-monitoring' && m.update.nlri.includes('10.1.1.0/24'));
    expect(rm).toBeGreaterThanOrEqual(0);
    expect(messages.indexOf(trace)).toBeGreaterThan(rm);

    l.lines('display bmp session 10.1.1.1 verbose');
    expect(l.text()).toContain('Send Trace Route messages: 1\n');
    l.lines('display this');
    expect(l.text()).toMatch(/ ipv4 unicast\n {2,}trace-prefix 10\.1\.1\.0 24\n[\s\S]* ipv4 vpn\n {2,}trace-prefix route-distinguisher 100:1 all\n/);
  });

  it('untraced: no trace message at all, and undo removes a line', async () => {
    const l = lab();
    l.lines(
      'system-view',
      'bgp 100',
      'router-id 1.1.1.1',
      'network 10.9.9.0 24',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'tcp connect port 1790',
      'monitor public',
      'route-mode ipv4-family unicast local-rib',
      'quit',
      'ipv4 unicast',
      'trace-prefix 10.1.1.0 24',
    );
    expect(l.type('undo trace-prefix 10.1.1.0 24\r')).not.toContain('Error');
    expect(l.type('undo trace-prefix 10.1.1.0 24\r')).toContain('Error: The configuration does not exist.');
    l.lines('trace-prefix 10.1.1.0 24', 'quit', 'quit', 'commit');
    await settle();
    l.lines('quit', 'bgp 100', 'network 10.8.8.0 24', 'commit');
    await settle();
    const messages = written(l);
    expect(messages.some((m) => m.type === 'route-monitoring')).toBe(true);
    expect(messages.filter((m) => m.type === 'route-policy-trace')).toEqual([]);
  });
});
