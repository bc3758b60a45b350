import type { Exercise } from '../types.js';

export const termination: Exercise = {
  id: 'termination',
  title: '9. Remove a session cleanly',
  goal: 'Take the session to 10.1.1.1 out of service so the station learns it on purpose: the router sends a Termination before it closes the connection.',
  topology: 'default.yaml',
  start: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return'],
  steps: [
    {
      text: 'Remove the session with `undo bmp-session 10.1.1.1` in the BMP view; commit.',
      hints: ['Removing it from the candidate is not enough: commit.'],
      checkpoint: ['system-view', 'bmp', 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'gone',
      step: 0,
      label: 'Router: session 10.1.1.1 no longer configured',
      spec: { kind: 'session', session: { address: '10.1.1.1' }, state: 'absent' },
      hint: 'Did you commit?',
    },
    {
      id: 'termination',
      step: 0,
      label: 'Station received a Termination after the session was removed',
      spec: { kind: 'termination-after-removal', session: { address: '10.1.1.1' }, station: '10.1.1.1:1790' },
    },
  ],
};
