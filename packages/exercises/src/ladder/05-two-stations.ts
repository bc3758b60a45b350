import type { Exercise } from '../types.js';

export const twoStations: Exercise = {
  id: 'two-stations',
  title: '5. Two stations on one address',
  goal: 'The station 10.1.1.1 listens on 1790 and 1791. Report to both: two sessions to the same address, told apart by `alias`.',
  topology: 'default.yaml',
  start: [],
  steps: [
    {
      text: 'Create `bmp-session 10.1.1.1 alias a` with `tcp connect port 1790`.',
      hints: ["The alias is part of the session's identity: the view is `[*HUAWEI-bmp-session-10.1.1.1-a]`."],
      checkpoint: ['system-view', 'bmp', 'bmp-session 10.1.1.1 alias a', 'tcp connect port 1790', 'commit', 'return'],
    },
    {
      text: 'Create `bmp-session 10.1.1.1 alias b` with `tcp connect port 1791`; commit.',
      hints: ['Without an alias, `bmp-session 10.1.1.1` is one session: a second `tcp connect port` replaces the first.'],
      checkpoint: [
        'system-view',
        'bmp',
        'bmp-session 10.1.1.1 alias a',
        'tcp connect port 1790',
        'quit',
        'bmp-session 10.1.1.1 alias b',
        'tcp connect port 1791',
        'commit',
        'return',
      ],
    },
  ],
  checks: [
    { id: 'a-up', step: 0, label: 'Router: session 10.1.1.1 alias a is Up', spec: { kind: 'session', session: { address: '10.1.1.1', alias: 'a' }, state: 'up' } },
    {
      id: 'init-1790',
      step: 0,
      label: 'Station 10.1.1.1:1790 received an Initiation',
      spec: { kind: 'station-message', type: 'initiation', station: '10.1.1.1:1790', session: { address: '10.1.1.1', alias: 'a' } },
    },
    {
      id: 'b-up',
      step: 1,
      label: 'Router: session 10.1.1.1 alias b is Up',
      spec: { kind: 'session', session: { address: '10.1.1.1', alias: 'b' }, state: 'up' },
      hint: 'A second session to the same address needs its own alias.',
    },
    {
      id: 'init-1791',
      step: 1,
      label: 'Station 10.1.1.1:1791 received an Initiation',
      spec: { kind: 'station-message', type: 'initiation', station: '10.1.1.1:1791', session: { address: '10.1.1.1', alias: 'b' } },
      hint: 'Port 1791 for alias b.',
    },
  ],
};
