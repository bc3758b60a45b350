import type { Exercise } from '../types.js';

// The CE 10.5.5.5 (AS 65005) is reachable only inside the VPN instance vpna (default lab): the router peers with it
// in the instance's own BGP, and BMP reports it as an RD instance peer (RFC 7854 §4.2, peer type 1, the RD as Peer
// Distinguisher).
const session = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'];
const vpn = ['ip vpn-instance vpna', 'ipv4-family', 'route-distinguisher 100:1', 'quit', 'quit'];
const ce = ['bgp 100', 'ipv4-family vpn-instance vpna', 'peer 10.5.5.5 as-number 65005', 'quit', 'quit'];
const monitoring = ['monitor vpn-instance vpna', 'route-mode ipv4-family unicast adj-rib-in post-policy'];

export const vpnPeerMonitoring: Exercise = {
  id: 'vpn-peer-monitoring',
  title: "15. A VPN instance's peer as an RD instance peer",
  goal: "A customer site (CE) 10.5.5.5, AS 65005, is reachable only inside the VPN instance `vpna`. Peer with it in the instance's own BGP and report it to the station: BMP sends a VPN instance's peers as RD instance peers (peer type 1), with the instance's route distinguisher in the per-peer header.",
  topology: 'default.yaml',
  start: ['system-view', 'bgp 100', 'quit', ...session, 'commit', 'return'],
  steps: [
    {
      text: 'Create the VPN instance with `ip vpn-instance vpna`, `ipv4-family`, `route-distinguisher 100:1`. Then in `bgp 100`, open `ipv4-family vpn-instance vpna` and add `peer 10.5.5.5 as-number 65005`; commit. `display bgp vpnv4 vpn-instance vpna peer` shows it Established.',
      hints: [
        "An instance's IPv4 family takes effect only with a route distinguisher: without one, `ipv4-family vpn-instance vpna` is refused.",
        'A peer typed in the BGP view itself is a public-network peer: the CE is not reachable there.',
      ],
      checkpoint: ['system-view', ...vpn, ...ce, ...session, 'commit', 'return'],
    },
    {
      text: 'In the session 10.1.1.1, add `monitor vpn-instance vpna` with `route-mode ipv4-family unicast adj-rib-in post-policy`; commit. The station receives a Peer Up from 10.5.5.5 with peer type 1 and RD 100:1, then its routes. `display bgp bmp-monitor vpnv4 vpn-instance vpna 10.5.5.5` shows what the session monitors.',
      hints: [
        "`monitor public` covers the public network only; a VPN instance's peers need `monitor vpn-instance` (or `monitor all-vpn-instance`).",
        "In the station view, the Peer Up's per-peer header carries the Peer Distinguisher: the RD of vpna.",
      ],
      checkpoint: ['system-view', ...vpn, ...ce, ...session, ...monitoring, 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'rd',
      step: 0,
      label: 'vpna has route distinguisher 100:1',
      spec: { kind: 'config', regex: '^route-distinguisher 100:1$', parent: '^ipv4-family$', says: '`route-distinguisher 100:1` in `ipv4-family` of `ip vpn-instance vpna`' },
    },
    {
      id: 'ce-config',
      step: 0,
      label: 'Peer 10.5.5.5 is configured in `ipv4-family vpn-instance vpna`',
      spec: {
        kind: 'config',
        regex: '^peer 10\\.5\\.5\\.5 as-number 65005$',
        parent: '^ipv4-family vpn-instance vpna$',
        says: '`peer 10.5.5.5 as-number 65005` in `ipv4-family vpn-instance vpna`',
      },
      hint: 'In `bgp 100`: `ipv4-family vpn-instance vpna`, then the peer.',
    },
    {
      id: 'ce-up',
      step: 0,
      label: 'BGP peer 10.5.5.5 in vpna is Established',
      spec: { kind: 'bgp-peer', address: '10.5.5.5', state: 'established', vpnInstance: 'vpna' },
      hint: 'Check the AS number (65005) and that the peer is in vpna: `display bgp vpnv4 vpn-instance vpna peer`.',
    },
    {
      id: 'monitor',
      step: 1,
      label: '`monitor vpn-instance vpna` configured',
      spec: { kind: 'config', regex: '^monitor vpn-instance vpna$', says: '`monitor vpn-instance vpna` in the session 10.1.1.1' },
    },
    {
      id: 'peer-up',
      step: 1,
      label: 'Station received a Peer Up for 10.5.5.5 as an RD instance peer with RD 100:1',
      spec: { kind: 'station-message', type: 'peer-up', peer: '10.5.5.5', peerType: 1, distinguisher: '100:1' },
      hint: "A VPN instance's peer is monitored by `monitor vpn-instance vpna`, not `monitor public`.",
    },
    {
      id: 'ce-route',
      step: 1,
      label: "Station: 10.5.5.5's Adj-RIB-In post-policy holds 192.168.10.0/24",
      spec: { kind: 'station-route', prefix: '192.168.10.0/24', view: 'adj-rib-in post-policy', peer: '10.5.5.5', present: true },
    },
  ],
};
