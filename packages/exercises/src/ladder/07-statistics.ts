import type { Exercise } from '../types.js';

export const statistics: Exercise = {
  id: 'statistics',
  title: '7. Statistics Reports',
  goal: 'Have the router send a Statistics Report at least every 30 seconds (the default is one an hour) and read the counters in the station view.',
  topology: 'default.yaml',
  start: ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'commit', 'return'],
  steps: [
    {
      text: 'In the BMP view set `statistics-timer 30`; commit. Wait for two reports and open one in the inspector.',
      hints: ['`statistics-timer` lives in the BMP view, not in the session view.', 'The default is 3600 s: you would wait an hour.'],
      checkpoint: [
        'system-view',
        'bgp 100',
        'peer 10.2.2.2 as-number 200',
        'quit',
        'bmp',
        'statistics-timer 30',
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
      id: 'timer',
      step: 0,
      label: 'statistics-timer is at most 30 s',
      spec: { kind: 'config', regex: '^statistics-timer ([1-9]|[12]\\d|30)$', parent: '^bmp$', says: '`statistics-timer` of 30 seconds or less in the BMP view' },
      hint: 'statistics-timer 30',
    },
    {
      id: 'reports',
      step: 0,
      label: 'Station received Statistics Reports at most 30 s apart',
      spec: { kind: 'statistics-interval', station: '10.1.1.1:1790', maxSeconds: 33, minReports: 2 },
      hint: 'Reports follow the timer in force; wait for two.',
    },
  ],
};
