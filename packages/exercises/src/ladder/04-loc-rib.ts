import type { Exercise } from '../types.js';

export const locRib: Exercise = {
  id: 'loc-rib',
  title: '4. Loc-RIB',
  goal: "Report the router's best routes (the Loc-RIB, RFC 9069) to the station: a Peer Up and Route Monitoring with peer type 3.",
  topology: 'default.yaml',
  start: [
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
  steps: [
    {
      text: 'Add `monitor public` with `route-mode ipv4-family unicast local-rib` to the session; commit.',
      hints: [
        'Loc-RIB is monitored under `monitor public`, not under `monitor peer`.',
        'bmp → bmp-session 10.1.1.1 → monitor public → route-mode ipv4-family unicast local-rib → commit',
      ],
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
        'route-mode ipv4-family unicast local-rib',
        'commit',
        'return',
      ],
    },
  ],
  checks: [
    {
      id: 'mode',
      step: 0,
      label: 'route-mode local-rib configured',
      spec: {
        kind: 'config',
        regex: '^route-mode ipv4-family unicast local-rib( |$)',
        parent: '^monitor public$',
        says: '`route-mode ipv4-family unicast local-rib` under `monitor public`',
      },
      hint: 'The Loc-RIB belongs to the whole router, so it is selected under `monitor public`.',
    },
    {
      id: 'peer-up',
      step: 0,
      label: 'Station received a Loc-RIB Peer Up (peer type 3)',
      spec: { kind: 'station-message', type: 'peer-up', rib: 'loc-rib', station: '10.1.1.1:1790' },
      hint: '`monitor peer 10.2.2.2` does not select the Loc-RIB; use `monitor public`.',
    },
    {
      id: 'rm',
      step: 0,
      label: 'Station received Loc-RIB Route Monitoring',
      spec: { kind: 'station-message', type: 'route-monitoring', rib: 'loc-rib', station: '10.1.1.1:1790' },
    },
  ],
};
