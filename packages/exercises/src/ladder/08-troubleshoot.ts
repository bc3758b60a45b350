import type { Exercise } from '../types.js';

export const troubleshoot: Exercise = {
  id: 'troubleshoot',
  title: '8. Troubleshooting',
  goal: 'This lab starts broken: the station hears nothing and BGP does not come up. Find and fix every fault (there are several), and remember that nothing counts until it is committed.',
  topology: 'default.yaml',
  start: ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 202', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1799', 'monitor public', 'commit', 'return'],
  steps: [
    {
      text: 'Bring the BMP session up: `display bmp session 10.1.1.1 verbose` tells you why it is down.',
      hints: ['The station listens on 1790 and 1791 only.', 'In the session view, `tcp connect port 1790`, and commit.'],
      checkpoint: ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 202', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'commit', 'return'],
    },
    {
      text: 'Bring BGP peer 10.2.2.2 to Established: `display bgp peer` shows its state.',
      hints: ['The neighbor 10.2.2.2 is in AS 200.', '`bgp 100`, `undo peer 10.2.2.2`, `peer 10.2.2.2 as-number 200`, commit.'],
      checkpoint: ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'up',
      step: 0,
      label: 'Router: BMP session 10.1.1.1 is Up',
      spec: { kind: 'session', session: { address: '10.1.1.1' }, state: 'up' },
      hint: 'Nothing counts until it is committed.',
      nudge: 'The session is down: why? `display bmp session 10.1.1.1 verbose` tells you.',
    },
    { id: 'initiation', step: 0, label: 'Station received an Initiation', spec: { kind: 'station-message', type: 'initiation', station: '10.1.1.1:1790' } },
    {
      id: 'peer',
      step: 1,
      label: 'BGP peer 10.2.2.2 is Established',
      spec: { kind: 'bgp-peer', address: '10.2.2.2', state: 'established' },
      hint: 'Compare what you configured with what the neighbor says about itself.',
      nudge: 'The BGP session with 10.2.2.2 does not come up: why? `display bgp peer` shows its state.',
    },
    { id: 'peer-up', step: 1, label: 'Station received a Peer Up for 10.2.2.2', spec: { kind: 'station-message', type: 'peer-up', peer: '10.2.2.2' } },
  ],
};
