import type { Exercise } from '../types.js';

// Huawei's route trace: `trace-prefix` in a BMP session's `ipv4 unicast` view makes the router report each step of a
// route (received through import policy, selected, advertised) as Route Policy and Attribute Trace messages (BMP
// type 100). A route already in the tables when tracing starts is not traced: a policy change (or a refresh) is.
const bgp = ['bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300'];
const session = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'];
const tracing = ['ipv4 unicast', 'trace-prefix 203.0.113.0 24'];
const policy = ['route-policy TAG-AS200 permit node 10', 'apply community 100:203 additive', 'quit'];

export const routeTrace: Exercise = {
  id: 'route-trace',
  title: '16. Tracing a prefix through routing policy',
  goal: 'Follow 203.0.113.0/24, learned from 10.2.2.2, through the router: trace it with BMP (`trace-prefix`), then give 10.2.2.2 an import route-policy that changes the route, and read in the station what the policy did — the route before and after it.',
  topology: 'default.yaml',
  start: ['system-view', ...bgp, 'quit', ...session, 'commit', 'return'],
  steps: [
    {
      text: "In the session 10.1.1.1, open `ipv4 unicast` and add `trace-prefix 203.0.113.0 24`; commit. Tracing reports the route's next change, not the table as it stands.",
      hints: [
        'The prompt shows the view: `[~HUAWEI-bmp-session-10.1.1.1-ipv4-unicast]`.',
        '`display bmp session 10.1.1.1 verbose` counts what was sent in `Send Trace Route messages`.',
      ],
      checkpoint: ['system-view', ...bgp, 'quit', ...session, ...tracing, 'commit', 'return'],
    },
    {
      text: 'Write a route-policy that adds a community, `route-policy TAG-AS200 permit node 10` with `apply community 100:203 additive`, and bind it with `peer 10.2.2.2 route-policy TAG-AS200 import` in `bgp 100`; commit. The station receives Route Policy and Attribute Trace messages for 203.0.113.0/24: the inbound policy event names TAG-AS200, says it matched, permitted and changed the route, and carries the attributes before and after.',
      hints: [
        '`refresh bgp 10.2.2.2 import` in the user view runs the import policy again: one more trace.',
        "Wireshark 4.0 does not decode BMP type 100; the station's detail view does.",
      ],
      checkpoint: ['system-view', ...policy, ...bgp, 'peer 10.2.2.2 route-policy TAG-AS200 import', 'quit', ...session, ...tracing, 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'trace-config',
      step: 0,
      label: "`trace-prefix 203.0.113.0 24` in the session's `ipv4 unicast` view",
      spec: {
        kind: 'config',
        regex: '^trace-prefix 203\\.0\\.113\\.0 24$',
        parent: '^ipv4 unicast$',
        says: '`trace-prefix 203.0.113.0 24` under `ipv4 unicast` of the session 10.1.1.1',
      },
      hint: 'In `bmp-session 10.1.1.1`: `ipv4 unicast`, then `trace-prefix 203.0.113.0 24`.',
    },
    {
      id: 'import',
      step: 1,
      label: 'Peer 10.2.2.2 has an import route-policy',
      spec: { kind: 'config', regex: '^peer 10\\.2\\.2\\.2 route-policy \\S+ import$', says: 'an import route-policy for peer 10.2.2.2' },
      hint: '`peer 10.2.2.2 route-policy TAG-AS200 import` in the BGP view.',
    },
    {
      id: 'traced',
      step: 1,
      label: 'Station received Route Policy and Attribute Trace messages',
      spec: { kind: 'station-message', type: 'route-policy-trace', station: '10.1.1.1:1790' },
      hint: 'A route already in the tables is not traced: a policy that changes it (or `refresh bgp 10.2.2.2 import`) is.',
    },
  ],
};
