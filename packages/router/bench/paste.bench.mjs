// Paste bench: `peer X as-number N` lines pasted into one console's BGP view,
// 1k to 30k lines, in ms per line. Linear means the per-line cost stays
// roughly flat as the paste grows. Anchor, same run: the same lines only
// matched in the command table (no console, no candidate, no prompt).
// Run by `npm run bench` (builds first); imports the BUILT packages.
// Prints figures; asserts nothing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { Device } = await import(path.join(here, '..', 'dist', 'index.js'));

const SIZES = (process.env.PASTE_SIZES ?? '1000,4000,16000,30000').split(',').map(Number);

/** A clock that never fires and a dialer that never answers: the bench measures the console only. */
const clock = {
  now: () => 1_700_000_000_000,
  setTimer: () => ({ cancel() {} }),
  remaining: () => 0,
  deadline: (ms) => 1_700_000_000_000 + ms,
};
const dialer = { dial: () => new Promise(() => {}) };

function peerLines(n) {
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(`peer 10.${Math.floor(i / 62500) + 1}.${Math.floor(i / 250) % 250}.${(i % 250) + 1} as-number ${65000 + (i % 500)}`);
  return lines;
}

function device() {
  return new Device({ dialer, clock, events: { sessionChanged() {}, sessionRemoved() {}, committed() {} } });
}

/** The whole paste typed into a console in one chunk, as a terminal sends it: ms for all of it. */
function pasteMs(lines) {
  const d = device();
  const terminal = d.openTerminal(3);
  terminal.open();
  terminal.resize(200, 50);
  terminal.input('screen-length 0 temporary\rsystem-view\rbgp 100\r');
  const text = lines.join('\r') + '\r';
  const t = performance.now();
  terminal.input(text);
  const ms = performance.now() - t;
  const count = terminal.session.candidate.bgp?.peers.length ?? 0;
  d.shutdown();
  if (count !== lines.length) throw new Error(`the paste configured ${count} peers, not ${lines.length}`);
  return ms;
}

/** The same lines matched in the command table only. */
function matchMs(lines) {
  const d = device();
  const t = performance.now();
  for (const l of lines) d.commands.match('bgp', 3, l);
  const ms = performance.now() - t;
  d.shutdown();
  return ms;
}

pasteMs(peerLines(500)); // warm-up
matchMs(peerLines(500));
const rows = [];
console.log('Paste bench: peer lines pasted into [~HUAWEI-bgp] in one chunk');
for (const n of SIZES) {
  const lines = peerLines(n);
  const paste = pasteMs(lines);
  const match = matchMs(lines);
  rows.push({ lines: n, pasteMs: Number(paste.toFixed(1)), msPerLine: Number((paste / n).toFixed(4)), matchMsPerLine: Number((match / n).toFixed(4)) });
  console.log(
    `  ${String(n).padStart(6)} lines: ${paste.toFixed(0).padStart(6)} ms, ${((paste / n) * 1000).toFixed(1).padStart(6)} µs/line  (match only: ${((match / n) * 1000).toFixed(1)} µs/line)`,
  );
}
const first = rows[0];
const last = rows[rows.length - 1];
console.log(`  per-line cost ${last.lines} vs ${first.lines} lines: ${(last.msPerLine / first.msPerLine).toFixed(2)}× (1× is linear)`);
// Linear means flat per line: the largest paste may cost at most twice as much per line as the smallest.
printBenchResult({
  name: 'paste-per-line',
  label: `console paste of peer lines, per line at ${last.lines / 1000}k lines`,
  value: last.msPerLine * 1000,
  unit: 'µs',
  anchor: { name: `per line at ${first.lines / 1000}k lines`, value: first.msPerLine * 1000, unit: 'µs' },
  target: { maxRatio: 2, of: 'anchor' },
  detail: `matching only: ${(last.matchMsPerLine * 1000).toFixed(1)} µs`,
});
