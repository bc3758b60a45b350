import type { Exercise } from '../types.js';

export const vpnInstance: Exercise = {
  id: 'vpn-instance',
  title: '6. A session in a VPN instance',
  goal: 'A second station, 10.9.9.9 port 1790, lives in the VPN instance `Blue`. Reach it with `bmp-session vpn-instance Blue 10.9.9.9`. Names are case-sensitive, `_public_` is reserved, and a name with spaces needs double quotes.',
  topology: 'vpn-station.yaml',
  start: [],
  steps: [
    {
      text: 'Create the VPN instance `Blue` (exactly that case) with `ip vpn-instance Blue`, `ipv4-family`, `route-distinguisher 100:1`.',
      hints: ['`blue` and `Blue` are two different instances.', 'A session cannot name a VPN instance that does not exist.'],
      checkpoint: ['system-view', 'ip vpn-instance Blue', 'ipv4-family', 'route-distinguisher 100:1', 'commit', 'return'],
    },
    {
      text: 'In the BMP view: `bmp-session vpn-instance Blue 10.9.9.9`, `tcp connect port 1790`; commit.',
      hints: [
        '`_public_` names the public network and cannot be used as a VPN instance name.',
        'The station is only reachable inside `Blue`: a public-network session to 10.9.9.9 finds no route.',
      ],
      checkpoint: [
        'system-view',
        'ip vpn-instance Blue',
        'ipv4-family',
        'route-distinguisher 100:1',
        'quit',
        'quit',
        'bmp',
        'bmp-session vpn-instance Blue 10.9.9.9',
        'tcp connect port 1790',
        'commit',
        'return',
      ],
    },
  ],
  checks: [
    { id: 'vpn', step: 0, label: 'VPN instance Blue exists', spec: { kind: 'config', line: 'ip vpn-instance Blue' }, hint: 'Case matters: Blue.' },
    { id: 'session-config', step: 1, label: 'bmp-session vpn-instance Blue 10.9.9.9 configured', spec: { kind: 'config', line: 'bmp-session vpn-instance Blue 10.9.9.9' } },
    {
      id: 'up',
      step: 1,
      label: 'Router: session in Blue to 10.9.9.9 is Up',
      spec: { kind: 'session', session: { address: '10.9.9.9', vpnInstance: 'Blue' }, state: 'up' },
      hint: 'Is it in VPN instance Blue (not blue, not the public network)?',
    },
    {
      id: 'initiation',
      step: 1,
      label: 'Station 10.9.9.9:1790 (in Blue) received an Initiation',
      spec: { kind: 'station-message', type: 'initiation', station: 'Blue/10.9.9.9:1790', session: { address: '10.9.9.9', vpnInstance: 'Blue' } },
    },
  ],
};
