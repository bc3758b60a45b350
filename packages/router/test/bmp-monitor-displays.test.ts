import { describe, expect, it } from 'vitest';
import { LineEditor } from '@bmp-lab/cli-engine';
import { lab, plain } from './harness.js';

/** What one command printed: the lines between the command's echo and the next prompt. */
function output(l: ReturnType<typeof lab>, command: string): string[] {
  l.type(command + '\r');
  const text = l.text().split('\n');
  const at = text.map((t) => t.endsWith(command)).lastIndexOf(true);
  return text.slice(at + 1, -1);
}

const VPN_AND_BMP = [
  'system-view',
  'ip vpn-instance vpna',
  'ipv4-family',
  'route-distinguisher 100:1',
  'quit',
  'quit',
  'bgp 100',
  'ipv4-family vpn-instance vpna',
  'peer 10.5.5.5 as-number 65005',
  'quit',
  'quit',
  'bmp',
  'bmp-session 10.1.1.1',
  'tcp connect port 1790',
  'monitor vpn-instance vpna',
  'route-mode ipv4-family unicast adj-rib-in post-policy',
  'quit',
  'monitor all-vpn-instance',
  'route-mode ipv4-family unicast local-rib',
  'quit',
  'monitor vpn-instance vpna peer 10.5.5.5',
  'route-mode ipv4-family unicast adj-rib-out pre-policy',
  'commit',
  'return',
];

describe('display bgp bmp-monitor vpnv4 / vpnv6 vpn-instance', () => {
  it('lists the monitor blocks covering a VPN instance peer, with their IPv4 route-modes', () => {
    const l = lab();
    l.editor.resize(200, 200);
    l.lines(...VPN_AND_BMP);
    expect(output(l, 'display bgp bmp-monitor vpnv4 vpn-instance vpna 10.5.5.5')).toEqual([
      '*>BGP ipv4-family vpn-instance vpna :',
      '  Peer                     Session Ip               Alias      State  route-mode',
      '  10.5.5.5                 10.1.1.1                            down   out pre-policy',
      '  0.0.0.0                  10.1.1.1                            down   in post-policy',
      '  *0.0.0.0                 10.1.1.1                            down   local-rib',
    ]);
    // A peer the instance does not have: the heading alone.
    expect(output(l, 'display bgp bmp-monitor vpnv4 vpn-instance vpna 10.6.6.6')).toEqual([
      '*>BGP ipv4-family vpn-instance vpna :',
      '  Peer                     Session Ip               Alias      State  route-mode',
    ]);
    // The lab's VPN instances carry no IPv6 peers: the empty table.
    expect(output(l, 'display bgp bmp-monitor vpnv6 vpn-instance vpna 2001:db8::5')).toEqual([
      '*>BGP ipv6-family vpn-instance vpna :',
      '  Peer                     Session Ip               Alias      State  route-mode',
    ]);
    // VPN-instance blocks stay out of the public IPv4 section.
    expect(output(l, 'display bgp bmp-monitor all').filter((x) => x.startsWith('  ') && !x.includes('Peer'))).toEqual([
      '  *0.0.0.0        10.1.1.1                   down    local-rib',
    ]);
  });

  it('accepts an IPv6 peer in the IPv4 form, as the page does', () => {
    const l = lab();
    l.lines('system-view', 'bgp 100', 'peer 2001:db8:2::2 as-number 200', 'ipv4-family unicast', 'peer 2001:db8:2::2 enable', 'quit', 'quit');
    l.lines('bmp', 'bmp-session 10.1.1.1', 'monitor peer 2001:db8:2::2', 'route-mode ipv4-family unicast adj-rib-in pre-policy', 'commit', 'return');
    expect(output(l, 'display bgp bmp-monitor ipv4 2001:db8:2::2')).toEqual([
      '*>BGP ipv4-family unicast :',
      '  Peer                     Session Ip               Alias      State  route-mode',
      '  2001:DB8:2::2            10.1.1.1                            down   in pre-policy',
    ]);
  });
});

describe('debugging bmp / display debugging bmp', () => {
  it('keeps the switches device-wide and lists them in the page order', () => {
    const l = lab();
    expect(output(l, 'display debugging bmp')).toEqual([]);
    l.lines('debugging bmp route-monitor', 'debugging bmp session-msg');
    // Another console of the device sees the same switches.
    const other = new LineEditor(l.device.openConsole(1));
    other.start();
    expect(plain(other.feed('display debugging bmp\r'))).toContain('[BMP] :route-monitor(NULL) debugging switch is on');
    expect(output(l, 'display debugging bmp')).toEqual(['[BMP] :session-msg(NULL) debugging switch is on', '[BMP] :route-monitor(NULL) debugging switch is on']);
    expect(output(l, 'undo debugging bmp session-msg')).toEqual([]);
    l.lines('debugging bmp all');
    expect(output(l, 'display debugging bmp')).toEqual([
      '[BMP] :session-msg(NULL) debugging switch is on',
      '[BMP] :peer-notification(NULL) debugging switch is on',
      '[BMP] :state-report(NULL) debugging switch is on',
      '[BMP] :route-monitor(NULL) debugging switch is on',
    ]);
    l.lines('undo debugging bmp all');
    expect(output(l, 'display debugging bmp')).toEqual([]);
  });

  it('is a user-view, level-3 command', () => {
    const l = lab({ level: 1 });
    expect(output(l, 'debugging bmp all').join('\n')).toMatch(/Error/);
    const admin = lab();
    admin.lines('system-view');
    expect(output(admin, 'debugging bmp all').join('\n')).toMatch(/Error: Unrecognized command/);
  });
});
