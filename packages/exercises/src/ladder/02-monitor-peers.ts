import type { Exercise } from '../types.js';

export const monitorPeers: Exercise = {
  id: 'monitor-peers',
  title: '2. Monitor BGP peers',
  goal: 'The BMP session to 10.1.1.1 is up but reports nothing about BGP. Run BGP AS 100 with the neighbors 10.2.2.2 (AS 200) and 10.3.3.3 (AS 300), and monitor them, so the station receives a Peer Up and Route Monitoring for each.',
  topology: 'default.yaml',
  start: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return'],
  steps: [
    {
      text: 'Configure BGP: `bgp 100` with peer 10.2.2.2 as-number 200 and peer 10.3.3.3 as-number 300; commit.',
      hints: ["The lab's neighbors expect your router in AS 100.", 'In the BGP view: `peer 10.2.2.2 as-number 200`.'],
      checkpoint: [
        'system-view',
        'bgp 100',
        'peer 10.2.2.2 as-number 200',
        'peer 10.3.3.3 as-number 300',
        'quit',
        'bmp',
        'bmp-session 10.1.1.1',
        'tcp connect port 1790',
        'commit',
        'return',
      ],
    },
    {
      text: 'In the BMP session view, add `monitor public` and commit. Then read a Peer Up and a Route Monitoring message in the station view.',
      hints: ['A session reports nothing about peers until a `monitor` block selects them.', '`bmp`, `bmp-session 10.1.1.1`, `monitor public`, `commit`.'],
      checkpoint: [
        'system-view',
        'bgp 100',
        'peer 10.2.2.2 as-number 200',
        'peer 10.3.3.3 as-number 300',
        'quit',
        'bmp',
        'bmp-session 10.1.1.1',
        'tcp connect port 1790',
        'monitor public',
        'commit',
        'return',
      ],
    },
  ],
  checks: [
    {
      id: 'peer-2',
      step: 0,
      label: 'BGP peer 10.2.2.2 is Established',
      spec: { kind: 'bgp-peer', address: '10.2.2.2', state: 'established' },
      hint: 'Check the AS numbers: `display bgp peer`.',
    },
    { id: 'peer-3', step: 0, label: 'BGP peer 10.3.3.3 is Established', spec: { kind: 'bgp-peer', address: '10.3.3.3', state: 'established' } },
    {
      id: 'monitor',
      step: 1,
      label: 'Session monitors the public network',
      spec: { kind: 'config', line: 'monitor public', parent: '^bmp-session 10\\.1\\.1\\.1$', says: '`monitor public` in the session 10.1.1.1' },
    },
    {
      id: 'peer-up-2',
      step: 1,
      label: 'Station received a Peer Up for 10.2.2.2',
      spec: { kind: 'station-message', type: 'peer-up', peer: '10.2.2.2', station: '10.1.1.1:1790' },
      hint: 'Without `monitor public` no Peer Up is sent.',
    },
    { id: 'peer-up-3', step: 1, label: 'Station received a Peer Up for 10.3.3.3', spec: { kind: 'station-message', type: 'peer-up', peer: '10.3.3.3', station: '10.1.1.1:1790' } },
    {
      id: 'rm',
      step: 1,
      label: 'Station received Route Monitoring for 10.2.2.2',
      spec: { kind: 'station-message', type: 'route-monitoring', peer: '10.2.2.2', station: '10.1.1.1:1790' },
    },
  ],
};
