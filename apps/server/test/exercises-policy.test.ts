import { afterEach, describe, expect, it } from 'vitest';
import { LADDER, findExercise } from '@bmp-lab/exercises';
import type { CheckState } from '@bmp-lab/exercises';
import type { ExerciseStateView, ServerMessage } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

// The routing-policy exercises, end to end against a real lab: the station's
// route checks go red on the wire's evidence after the first step (the route
// is where it must not be, or has the wrong best path), and turn green only
// once the policy the trainee types reaches the station as Route Monitoring.

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Client = Awaited<ReturnType<typeof wsClient>>;
const lastState = (c: Client): ExerciseStateView | null | undefined => {
  const m = c.received.filter((x): x is Extract<ServerMessage, { type: 'exercise.state' }> => x.type === 'exercise.state').at(-1);
  return m === undefined ? undefined : m.exercise;
};
const states = (s: ExerciseStateView | null | undefined) => Object.fromEntries((s?.checks ?? []).map((k) => [k.id, k.state]));

/** Wait until the open exercise's checks are in these states; the error says where they are. */
async function until(c: Client, id: string, want: Record<string, CheckState>, ms = 10_000): Promise<ExerciseStateView> {
  try {
    return await eventually(() => {
      const s = lastState(c);
      return s && s.id === id && Object.entries(want).every(([k, v]) => states(s)[k] === v) ? s : undefined;
    }, ms);
  } catch {
    throw new Error(`${id}: wanted ${JSON.stringify(want)}, have ${JSON.stringify(lastState(c)?.checks.map((k) => ({ id: k.id, state: k.state, detail: k.detail })))}`);
  }
}

const allOf = (id: string, step: number | null, state: CheckState) =>
  Object.fromEntries(
    findExercise(id)!
      .checks.filter((k) => step === null || k.step === step)
      .map((k) => [k.id, state]),
  );

interface Case {
  id: string;
  /** Step 1's wire checks once step 0 is done: the station's evidence contradicts them. */
  red: Record<string, CheckState>;
  /** What the trainee types (from user view) after restoring step 0's checkpoint. */
  solve: string[];
  /** Typed afterwards: undoes the policy, so the checks named in `red` go red again. */
  undo: string[];
}

const CASES: Case[] = [
  {
    id: 'pre-post-policy',
    red: { 'post-denied': 'fail', 'post-rest': 'pass' },
    solve: [
      'system-view',
      'ip ip-prefix NO-198-18-1 index 10 deny 198.18.1.0 24',
      'ip ip-prefix NO-198-18-1 index 20 permit 0.0.0.0 0 less-equal 32',
      'route-policy FROM-AS200 permit node 10',
      'if-match ip-prefix NO-198-18-1',
      'quit',
      'bgp 100',
      'peer 10.2.2.2 route-policy FROM-AS200 import',
      'commit',
      'return',
    ],
    undo: ['system-view', 'bgp 100', 'undo peer 10.2.2.2 route-policy FROM-AS200 import', 'commit', 'return'],
  },
  {
    id: 'export-policy',
    red: { 'out-post-denied': 'fail', 'out-post-rest': 'pass' },
    solve: [
      'system-view',
      'ip ip-prefix DOC-NET index 10 permit 203.0.113.0 24',
      'route-policy TO-AS300 deny node 10',
      'if-match ip-prefix DOC-NET',
      'quit',
      'route-policy TO-AS300 permit node 20',
      'quit',
      'bgp 100',
      'peer 10.3.3.3 route-policy TO-AS300 export',
      'commit',
      'return',
    ],
    undo: ['system-view', 'bgp 100', 'undo peer 10.3.3.3 route-policy TO-AS300 export', 'commit', 'return'],
  },
  {
    id: 'local-preference',
    red: { 'best-via-300': 'fail' },
    solve: [
      'system-view',
      'route-policy PREFER-AS300 permit node 10',
      'apply local-preference 200',
      'quit',
      'bgp 100',
      'peer 10.3.3.3 route-policy PREFER-AS300 import',
      'commit',
      'return',
    ],
    undo: ['system-view', 'bgp 100', 'undo peer 10.3.3.3 route-policy PREFER-AS300 import', 'commit', 'return'],
  },
];

describe('routing-policy exercises against a real lab', () => {
  it.each(CASES)("$id: red after step 1 on the wire's evidence, green once the typed policy reaches the station, red again without it", async (k) => {
    server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
    const lab = await server.labs.create(server.lab.options.topology);
    const c = await wsClient(server.url, lab.id);
    await c.hello();
    c.send({ type: 'exercise.start', id: k.id });
    const opened = await until(c, k.id, {});
    // Nothing monitored yet: every route check is neutral.
    for (const check of opened.checks) if (findExercise(k.id)!.checks.find((x) => x.id === check.id)?.spec.kind === 'station-route') expect(check.state, check.id).toBe('pending');

    c.send({ type: 'exercise.checkpoint', step: 0 });
    await until(c, k.id, { ...allOf(k.id, 0, 'pass'), ...k.red });

    const console = await c.open();
    c.type(console, ...k.solve);
    const done = await until(c, k.id, allOf(k.id, null, 'pass'));
    expect(done.completedAt).not.toBeNull();

    c.type(console, ...k.undo);
    await until(c, k.id, k.red);
    await eventually(() => /<HUAWEI>$/.test(c.terminal(console)));
    expect(c.terminal(console)).not.toMatch(/Error/);
    c.ws.close();
  });

  it('every start and checkpoint of the ladder is valid VRP (the router reports no error for any line)', async () => {
    server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
    for (const e of LADDER) {
      for (const [i, lines] of [e.start, ...e.steps.map((s) => s.checkpoint ?? [])].entries()) {
        expect(server.lab.replaceConfiguration(lines), `${e.id} ${i === 0 ? 'start' : `step ${i} checkpoint`}`).toEqual([]);
      }
      // The other routers' starts and checkpoints, typed the same way.
      for (const r of e.routers ?? []) {
        for (const [i, lines] of [r.start, ...e.steps.map((s) => s.routerCheckpoints?.[r.sysname] ?? [])].entries()) {
          expect(server.lab.replaceConfiguration(lines), `${e.id} ${r.sysname} ${i === 0 ? 'start' : `step ${i} checkpoint`}`).toEqual([]);
        }
      }
    }
  });

  it('local-preference: the Loc-RIB check names the AS path it saw', async () => {
    server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
    const c = await wsClient(server.url);
    await c.hello();
    c.send({ type: 'exercise.start', id: 'local-preference' });
    await until(c, 'local-preference', {});
    c.send({ type: 'exercise.checkpoint', step: 0 });
    const before = await until(c, 'local-preference', { 'best-via-300': 'fail' });
    expect(before.checks.find((x) => x.id === 'best-via-300')?.detail).toContain('AS path is 200');
    c.send({ type: 'exercise.checkpoint', step: 1 });
    const after = await until(c, 'local-preference', allOf('local-preference', null, 'pass'));
    expect(after.checks.find((x) => x.id === 'best-via-300')?.detail).toMatch(/AS path 300 64520, local-pref 200/);
    c.ws.close();
  });
});
