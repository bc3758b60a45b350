// CLI bench: median time to match a command line, and to render
// `display current-configuration` for a 500-session configuration.
// Run by `npm run bench` (builds first); imports the BUILT packages.
// Prints figures; asserts nothing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { Device, renderConfig, emptyConfig } = await import(path.join(here, '..', 'dist', 'index.js'));

const SESSIONS = 500;

/** A clock that never fires and a dialer that never answers: the bench measures the CLI only. */
const clock = {
  now: () => 1_700_000_000_000,
  setTimer: () => ({ cancel() {} }),
  remaining: () => 0,
  deadline: (ms) => 1_700_000_000_000 + ms,
};
const dialer = { dial: () => new Promise(() => {}) };

function bigConfig() {
  const config = emptyConfig();
  config.vpnInstances.push('vpn1');
  config.bgp = {
    asNumber: 100,
    routerId: '1.1.1.1',
    peers: [
      { address: '10.2.2.2', asNumber: 200 },
      { address: '10.3.3.3', asNumber: 300 },
    ],
    ipv4Unicast: { enabledPeers: ['10.2.2.2', '10.3.3.3'], networks: ['10.10.0.0/16'], importRoutes: ['direct'] },
  };
  config.bmp = { statisticsTimer: 60, sessions: [] };
  for (let i = 0; i < SESSIONS; i++) {
    config.bmp.sessions.push({
      address: `10.${100 + Math.floor(i / 250)}.${i % 250}.1`,
      vpnInstance: null,
      alias: i % 3 === 0 ? `a${i}` : null,
      port: 1790 + (i % 2),
      connectInterface: 'LoopBack0',
      monitors: [
        {
          target: { kind: 'public' },
          routeModes: [
            { family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'pre-policy' },
            { family: 'ipv4-unicast', rib: 'local-rib' },
          ],
        },
        { target: { kind: 'peer', address: '10.2.2.2' }, routeModes: [{ family: 'ipv4-unicast', rib: 'adj-rib-out', policy: 'post-policy' }] },
      ],
    });
  }
  return config;
}

function median(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, runs) {
  for (let i = 0; i < Math.min(50, runs); i++) fn(); // warm-up
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

const device = new Device({ dialer, clock, events: { sessionChanged() {}, sessionRemoved() {}, committed() {} }, initial: bigConfig() });
const table = device.commands;

const lines = [
  ['user', 'display bmp session'],
  ['user', 'dis cu configuration bmp | include session'],
  ['bmp', 'bmp-session vpn-instance vpn1 10.1.1.1 alias station-a'],
  ['bmp-session', 'tcp connect port 1790 password md5 Huawei@123'],
  ['bmp-session', 'connect-interface GigabitEthernet 0/3/6 10.1.1.9'],
  ['bmp-monitor', 'route-mode ipv4-family unicast local-rib add-path path-marking'],
  ['bmp-monitor', 'route-mode ipv4-family unicast adj-rib-in pre-policy 1'],
  ['bgp', 'peer 10.2.2.2 connect-interface LoopBack0'],
];
console.log(`CLI bench (${table.commands.length} commands)`);
for (const [view, line] of lines) {
  const r = table.match(view, 3, line);
  console.log(
    `  match  ${fmt(time(() => table.match(view, 3, line), 20000)).padStart(9)}  [${view}] ${line}  → ${r.kind === 'ok' ? r.command.id : r.kind === 'error' ? r.error : r.kind}`,
  );
}
const all = time(() => {
  for (const [view, line] of lines) table.match(view, 3, line);
}, 5000);
console.log(`  median time to match a line: ${fmt(all / lines.length)} (mean of the ${lines.length} lines above, median of 5000 runs)`);
printBenchResult({ name: 'cli-match', label: 'CLI: time to match a command line', value: (all / lines.length) * 1000, unit: 'µs' });
console.log(`  median time for ? help:      ${fmt(time(() => table.help('bmp-monitor', 3, 'route-mode ipv4-family unicast '), 20000))}`);
console.log(`  median time for Tab:         ${fmt(time(() => table.completions('bmp-monitor', 3, 'route-mode ipv4-family unicast local-rib a'), 20000))}`);

const consoleSession = device.openConsole(3);
const out = consoleSession.execute('display current-configuration');
console.log(`\n  ${SESSIONS}-session configuration: ${out.lines.length} lines of display current-configuration`);
console.log(`  median renderConfig:                     ${fmt(time(() => renderConfig(device.running), 200))}`);
console.log(`  median display current-configuration:    ${fmt(time(() => consoleSession.execute('display current-configuration'), 200))}`);
consoleSession.execute('system-view');
consoleSession.execute('bmp');
console.log(`  median prompt in a configuration view:   ${fmt(time(() => consoleSession.prompt(), 200))} (the * / ~ check compares candidate and running)`);
device.shutdown();
