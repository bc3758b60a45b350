import type { Exercise } from '../types.js';

/** The seed's own task (`bmp-session` command page, Example). */
export const seedSession: Exercise = {
  id: 'seed-session',
  title: '1. Set up a BMP session',
  goal: "Set the BMP session address to 10.1.1.1 (the lab's monitoring station) and bring the session up, so the station receives the router's Initiation.",
  topology: 'default.yaml',
  start: [],
  steps: [
    {
      text: 'Enter the system view and the BMP view, then create the BMP session 10.1.1.1.',
      hints: ['`system-view`, then `bmp`, then `bmp-session 10.1.1.1`.', 'The prompt shows `[*HUAWEI-bmp-session-10.1.1.1]` when you are in the session view.'],
    },
    {
      text: 'Tell the session which TCP port the station listens on (1790) and commit.',
      hints: ['Without `tcp connect port` the session cannot come up.', '`tcp connect port 1790`, then `commit`: nothing takes effect before `commit`.'],
      checkpoint: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return'],
    },
  ],
  checks: [
    { id: 'config', step: 0, label: 'Running configuration has bmp-session 10.1.1.1', spec: { kind: 'config', line: 'bmp-session 10.1.1.1' }, hint: 'Did you commit?' },
    {
      id: 'port',
      step: 1,
      label: 'Session connects to port 1790',
      spec: { kind: 'config', line: 'tcp connect port 1790', parent: '^bmp-session 10\\.1\\.1\\.1$', says: '`tcp connect port 1790` in the session 10.1.1.1' },
      hint: 'The station listens on 1790.',
    },
    {
      id: 'up',
      step: 1,
      label: 'Router: BMP session 10.1.1.1 is Up',
      spec: { kind: 'session', session: { address: '10.1.1.1' }, state: 'up' },
      hint: 'Check the port: `display bmp session 10.1.1.1 verbose`.',
    },
    {
      id: 'initiation',
      step: 1,
      label: 'Station 10.1.1.1:1790 received an Initiation with sysName HUAWEI',
      spec: { kind: 'station-message', type: 'initiation', station: '10.1.1.1:1790', sysName: 'HUAWEI', session: { address: '10.1.1.1' } },
      hint: "This one is read from the station's own log: the bytes have to arrive.",
    },
  ],
};
