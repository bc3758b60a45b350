import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';
import { createLab, deleteLab, expect, expectSession, labConsole, openLab, sessionRows, test } from '@bmp-lab/playwright-kit';
import { monitorOnePeerLines } from './monitor-lines.js';

// Issue 7's "done when": labs are isolated from each other, and a lab
// survives a kill -9 of the server. Both drive the browser through
// @bmp-lab/playwright-kit, as users' own tests do.

const stationMessages = (page: Page, type: string) => page.getByTestId(TEST_IDS.stationMessage).and(page.locator(`[data-type="${type}"]`));

test('two labs in two browser contexts: neither sees the other’s sessions, messages or console', async ({ lab, console, page, browser, request }) => {
  // Lab A: the fixture's, in the test's page. Lab B: another lab, in another browser context.
  const labB = await createLab(request, lab.server);
  const contextB = await browser.newContext();
  try {
    const pageB = await contextB.newPage();
    await openLab(pageB, labB);
    const consoleB = labConsole(pageB);

    for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return']) await console.run(line);
    for (const line of ['system-view', 'sysname LAB-B', 'commit', 'bmp', 'bmp-session 10.1.1.1 alias bee', 'tcp connect port 1791', 'commit', 'return']) {
      await consoleB.run(line);
    }
    await expectSession(page, '10.1.1.1').toBeUp();
    await expectSession(pageB, '10.1.1.1', { alias: 'bee' }).toBeUp();
    await expect(stationMessages(page, 'initiation')).toHaveCount(1);
    await expect(stationMessages(pageB, 'initiation')).toHaveCount(1);

    // Sessions: each page shows its own lab's only.
    await expect(page.getByTestId(TEST_IDS.bmpSession)).toHaveCount(1);
    await expect(sessionRows(page, '10.1.1.1', { alias: 'bee' })).toHaveCount(0);
    await expect(pageB.getByTestId(TEST_IDS.bmpSession)).toHaveCount(1);
    await expect(sessionRows(pageB, '10.1.1.1', { alias: '' })).toHaveCount(0);
    // Messages: each lab's station got its own router's Initiation only.
    await expect(stationMessages(page, 'initiation')).toContainText('sysName=HUAWEI');
    await expect(stationMessages(pageB, 'initiation')).toContainText('sysName=LAB-B');
    const [messagesA, messagesB] = await Promise.all([lab.stationMessages(), labB.stationMessages()]);
    expect(new Set(messagesA.map((m) => m.station))).toEqual(new Set(['10.1.1.1:1790']));
    expect(new Set(messagesB.map((m) => m.station))).toEqual(new Set(['10.1.1.1:1791']));
    // Consoles: neither shows the other's commands or name.
    const [textA, textB] = await Promise.all([console.text(), consoleB.text()]);
    expect(textA).not.toContain('LAB-B');
    expect(textA).not.toContain('alias bee');
    expect(textB).toContain('[~LAB-B-bmp-session-10.1.1.1-bee]');
    expect(textB).not.toContain('tcp connect port 1790');
    // And lab B's REST knows nothing of lab A's session.
    expect((await labB.sessions()).map((s) => s.alias)).toEqual(['bee']);
    expect((await lab.sessions()).map((s) => s.alias)).toEqual([null]);
  } finally {
    await contextB.close();
    await deleteLab(request, labB);
  }
});

// ---- a server of this spec's own, to kill ---------------------------------

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `node apps/server/dist/main.js` on its own port and data directory; resolves once /api/health answers. */
async function startOwnServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['apps/server/dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BMPLAB_DATA_DIR: dataDir, BMPLAB_TIME_SCALE: '10', BMPLAB_COLLECTOR_LISTEN: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /api/health within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

test('commit BMP and BGP, save, kill -9 the server, start it again: same configuration, sessions Up, nothing lost', async ({ page, request }) => {
  test.setTimeout(90_000);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bmplab-e2e-kill-'));
  const server = `http://127.0.0.1:${port}`;
  let child = await startOwnServer(port, dataDir);
  try {
    const lab = await createLab(request, server);
    await openLab(page, lab);
    const console = labConsole(page);
    for (const line of monitorOnePeerLines()) {
      await console.run(line);
    }
    expect(await console.run('save')).toBe('Warning: all configuration will be written to the device.');
    expect(await console.run('y')).toBe(''); // the first save asks about vrpcfg.zip
    expect(await console.run('y')).toBe(['Now saving all configuration to the slot 1', 'Info: Save the configuration successfully.'].join('\n'));
    await expectSession(page, '10.1.1.1').toBeUp();
    await expect.poll(async () => (await lab.stationMessages()).some((m) => m.type === 'route-monitoring' && m.peer === '10.2.2.2'), { timeout: 15_000 }).toBe(true);
    const configuration = await console.run('display current-configuration');
    expect(configuration).toContain('bmp-session 10.1.1.1');
    expect(configuration).toContain('peer 10.2.2.2 as-number 200');
    const before = await lab.configuration();
    expect(before.saved).toBe(before.running);
    await page.waitForTimeout(500); // the message log and the scrollback are written within 200 ms
    const messagesBefore = await lab.stationMessages();

    await stopped(child, 'SIGKILL');
    child = await startOwnServer(port, dataDir);

    // The same page reopens the lab: its console resumes, the sessions come back by themselves.
    await openLab(page, lab);
    await expectSession(page, '10.1.1.1').toBeUp();
    expect(await console.run('display current-configuration')).toBe(configuration);
    expect(await lab.configuration()).toEqual(before);
    await expect.poll(async () => (await lab.stationMessages()).length, { timeout: 15_000 }).toBeGreaterThan(messagesBefore.length);
    const messagesAfter = await lab.stationMessages();
    expect(messagesAfter.slice(0, messagesBefore.length)).toEqual(messagesBefore);
    // The new session's messages follow the old ones.
    expect(messagesAfter[messagesBefore.length]).toMatchObject({ type: 'initiation' });
    await deleteLab(request, lab);
  } finally {
    await stopped(child, 'SIGINT');
  }
});
