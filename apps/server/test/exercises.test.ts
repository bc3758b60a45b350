import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LADDER } from '@bmp-lab/exercises';
import type { ExerciseStateView, ServerMessage } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const start = async (env: Record<string, string> = {}) => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  return server;
};

type Client = Awaited<ReturnType<typeof wsClient>>;
const lastState = (c: Client): ExerciseStateView | null | undefined => {
  const m = c.received.filter((x): x is Extract<ServerMessage, { type: 'exercise.state' }> => x.type === 'exercise.state').at(-1);
  return m === undefined ? undefined : m.exercise;
};
const allPass = (c: Client, id: string) =>
  eventually(() => {
    const s = lastState(c);
    return s && s.id === id && s.checks.every((k) => k.state === 'pass') && s.completedAt !== null ? s : undefined;
  }, 8000);

describe('exercises over the WebSocket', () => {
  it('lists the ladder, opens the seed task, and every check turns pass as the trainee solves it', async () => {
    const s = await start();
    const c = await wsClient(s.url);
    await c.hello();
    const list = c.received.find((m) => m.type === 'exercises.list');
    expect(list).toMatchObject({ exercises: LADDER.map((e) => ({ id: e.id })) });
    expect(lastState(c)).toBeNull();

    c.send({ type: 'exercise.start', id: 'seed-session' });
    const opened = await eventually(() => lastState(c) ?? undefined);
    // Nothing is judged before the trainee acts: neither red nor green.
    expect(opened.checks.map((k) => k.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(opened.checks.find((k) => k.id === 'initiation')?.wire).toBe(true);

    c.send({ type: 'exercise.hint', step: 1 });
    await eventually(() => (lastState(c)?.steps[1]?.hints.length === 1 ? true : undefined));

    const id = await c.open();
    c.type(id, 'system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit');
    const done = await allPass(c, 'seed-session');
    expect(done.checks.find((k) => k.id === 'initiation')?.detail).toContain('sysName HUAWEI');

    // Reset: back to a blank router, the checks are neutral again until the next commit.
    c.send({ type: 'exercise.reset' });
    await eventually(() => (lastState(c)?.checks.every((k) => k.state === 'pending') && lastState(c)?.completedAt === null ? true : undefined));
    c.send({ type: 'exercise.hint', step: 9 });
    await eventually(() => c.received.find((m) => m.type === 'error' && m.code === 'unknown-step'));
    c.ws.close();
  });

  it('restores a checkpoint; the VPN exercise reaches the station inside VPN instance Blue', async () => {
    const s = await start();
    const c = await wsClient(s.url);
    await c.hello();
    c.send({ type: 'exercise.start', id: 'vpn-instance' });
    await eventually(() => (lastState(c)?.id === 'vpn-instance' ? true : undefined));
    c.send({ type: 'exercise.checkpoint', step: 1 });
    const done = await allPass(c, 'vpn-instance');
    expect(done.checks.find((k) => k.id === 'initiation')?.detail).toContain('Blue/10.9.9.9:1790');
    c.ws.close();
  });

  it('every exercise of the ladder is solved by its last checkpoint (each in a lab of its own)', async () => {
    const s = await start();
    await Promise.all(
      LADDER.map(async (e) => {
        const lab = await s.labs.create(s.lab.options.topology);
        const c = await wsClient(s.url, lab.id);
        await c.hello();
        c.send({ type: 'exercise.start', id: e.id });
        await eventually(() => (lastState(c)?.id === e.id ? true : undefined));
        c.send({ type: 'exercise.checkpoint', step: e.steps.length - 1 });
        try {
          await allPass(c, e.id);
        } catch {
          throw new Error(`${e.id}: ${JSON.stringify(lastState(c)?.checks.filter((k) => k.state !== 'pass'))}`);
        }
        c.ws.close();
      }),
    );
  });

  it("keeps a lab's exercise progress across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-ex-'));
    let s = await start({ BMPLAB_DATA_DIR: dir });
    let c = await wsClient(s.url);
    await c.hello();
    c.send({ type: 'exercise.start', id: 'troubleshoot' });
    await eventually(() => (lastState(c)?.id === 'troubleshoot' ? true : undefined));
    c.send({ type: 'exercise.hint', step: 0 });
    await eventually(() => (lastState(c)?.steps[0]?.hints.length === 1 ? true : undefined));
    c.ws.close();
    await s.close();
    s = await start({ BMPLAB_DATA_DIR: dir });
    c = await wsClient(s.url);
    await c.hello();
    const restored = await eventually(() => lastState(c) ?? undefined);
    expect(restored).toMatchObject({ id: 'troubleshoot' });
    expect(restored.steps[0]?.hints).toHaveLength(1);
    c.ws.close();
  });

  it('serves the instructor view only with the token', async () => {
    let s = await start();
    let res = await fetch(`${s.url}/api/instructor/labs`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain('BMPLAB_INSTRUCTOR_TOKEN');
    await s.close();
    s = await start({ BMPLAB_INSTRUCTOR_TOKEN: 'sekret' });
    res = await fetch(`${s.url}/api/instructor/labs?token=nope`);
    expect(res.status).toBe(401);
    res = await fetch(`${s.url}/api/instructor/labs`, { headers: { authorization: 'Bearer sekret' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { labs: { id: string; exercise: string | null; sessions: unknown[] }[] };
    expect(body.labs.map((l) => l.id)).toContain('default');
  });
});
