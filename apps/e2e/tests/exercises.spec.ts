import { deleteLab, expect, openFreshLab, run, terminalText, test, type Lab } from '@bmp-lab/playwright-kit';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';

// The exercise ladder, driven as a trainee would: pick an exercise in the
// panel, type the solution into the console, and watch every check turn
// `pass` — the wire checks only once the station really received the bytes.
// Each test works in a lab of its own.

const LADDER = [
  'seed-session',
  'monitor-peers',
  'pre-post-policy',
  'loc-rib',
  'two-stations',
  'vpn-instance',
  'statistics',
  'troubleshoot',
  'termination',
  'export-policy',
  'local-preference',
  'ipv6-monitoring',
  'two-routers',
  'route-reflector',
  'vpn-peer-monitoring',
  'route-trace',
];

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

const checks = (page: Page) => page.getByTestId(TEST_IDS.exerciseCheck);
const check = (page: Page, id: string) => checks(page).and(page.locator(`[data-check-id="${id}"]`));

async function openExercise(page: Page, id: string): Promise<void> {
  await page.locator('[data-tab="exercises"]').click();
  await page
    .getByTestId(TEST_IDS.exerciseItem)
    .and(page.locator(`[data-exercise-id="${id}"]`))
    .getByRole('button')
    .click();
  await expect(page.locator(`.exercise-open[data-exercise="${id}"]`)).toBeVisible();
  await page.getByTestId(TEST_IDS.terminal).click();
}

async function type(page: Page, lines: readonly string[]): Promise<void> {
  for (const line of lines) await run(page, line);
}

async function expectAllPass(page: Page, timeout = 20_000): Promise<void> {
  await expect.poll(async () => (await checks(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).every((s) => s === 'pass'), { timeout }).toBe(true);
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
}

interface Case {
  id: string;
  solve: string[];
  mistake: string[];
  /** The check a plausible mistake leaves red, its state, and text of the hint/detail shown with it. */
  red: { check: string; state: 'fail' | 'pending'; says: RegExp };
}

const CASES: Case[] = [
  {
    id: 'seed-session',
    solve: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit'],
    mistake: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1799', 'commit'],
    red: { check: 'up', state: 'fail', says: /port/ },
  },
  {
    id: 'monitor-peers',
    solve: ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'monitor public', 'commit'],
    mistake: ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300', 'commit'],
    red: { check: 'peer-up-2', state: 'pending', says: /monitor public/ },
  },
  {
    id: 'pre-post-policy',
    solve: [
      'system-view',
      'ip ip-prefix NO-198-18-1 index 10 deny 198.18.1.0 24',
      'ip ip-prefix NO-198-18-1 index 20 permit 0.0.0.0 0 less-equal 32',
      'route-policy FROM-AS200 permit node 10',
      'if-match ip-prefix NO-198-18-1',
      'quit',
      'bgp 100',
      'keep-all-routes',
      'peer 10.2.2.2 route-policy FROM-AS200 import',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'monitor public',
      'route-mode ipv4-family unicast adj-rib-in pre-policy',
      'route-mode ipv4-family unicast adj-rib-in post-policy',
      'commit',
    ],
    // The prefix list's implicit deny: without a permit entry every route from 10.2.2.2 is rejected.
    mistake: [
      'system-view',
      'ip ip-prefix NO-198-18-1 index 10 deny 198.18.1.0 24',
      'route-policy FROM-AS200 permit node 10',
      'if-match ip-prefix NO-198-18-1',
      'quit',
      'bgp 100',
      'keep-all-routes',
      'peer 10.2.2.2 route-policy FROM-AS200 import',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'monitor public',
      'route-mode ipv4-family unicast adj-rib-in pre-policy',
      'route-mode ipv4-family unicast adj-rib-in post-policy',
      'commit',
    ],
    red: { check: 'post-rest', state: 'pending', says: /implicit deny/ },
  },
  {
    id: 'loc-rib',
    solve: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'monitor public', 'route-mode ipv4-family unicast local-rib', 'commit'],
    mistake: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'monitor public', 'route-mode ipv4-family unicast adj-rib-in post-policy', 'commit'],
    red: { check: 'peer-up', state: 'fail', says: /Loc-RIB|loc-rib/ },
  },
  {
    id: 'two-stations',
    solve: ['system-view', 'bmp', 'bmp-session 10.1.1.1 alias a', 'tcp connect port 1790', 'quit', 'bmp-session 10.1.1.1 alias b', 'tcp connect port 1791', 'commit'],
    mistake: ['system-view', 'bmp', 'bmp-session 10.1.1.1 alias a', 'tcp connect port 1790', 'quit', 'bmp-session 10.1.1.1 alias b', 'tcp connect port 1790', 'commit'],
    red: { check: 'init-1791', state: 'fail', says: /1791/ },
  },
  {
    id: 'vpn-instance',
    solve: [
      'system-view',
      'ip vpn-instance Blue',
      'ipv4-family',
      'route-distinguisher 100:1',
      'quit',
      'quit',
      'bmp',
      'bmp-session vpn-instance Blue 10.9.9.9',
      'tcp connect port 1790',
      'commit',
    ],
    mistake: [
      'system-view',
      'ip vpn-instance blue',
      'ipv4-family',
      'route-distinguisher 100:1',
      'quit',
      'quit',
      'bmp',
      'bmp-session vpn-instance blue 10.9.9.9',
      'tcp connect port 1790',
      'commit',
    ],
    red: { check: 'vpn', state: 'fail', says: /Case matters/ },
  },
  {
    id: 'statistics',
    solve: ['system-view', 'bmp', 'statistics-timer 30', 'commit'],
    mistake: ['system-view', 'bmp', 'statistics-timer 90', 'commit'],
    red: { check: 'timer', state: 'fail', says: /statistics-timer 30/ },
  },
  {
    id: 'troubleshoot',
    solve: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'quit', 'quit', 'bgp 100', 'undo peer 10.2.2.2', 'peer 10.2.2.2 as-number 200', 'commit'],
    // The right fix, never committed: nothing is judged yet.
    mistake: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'],
    red: { check: 'up', state: 'pending', says: /commit/ },
  },
  {
    id: 'termination',
    solve: ['system-view', 'bmp', 'undo bmp-session 10.1.1.1', 'commit'],
    mistake: ['system-view', 'bmp', 'undo bmp-session 10.1.1.1'],
    red: { check: 'gone', state: 'pending', says: /commit/ },
  },
  {
    id: 'export-policy',
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
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'monitor peer 10.3.3.3',
      'route-mode ipv4-family unicast adj-rib-out pre-policy',
      'route-mode ipv4-family unicast adj-rib-out post-policy',
      'commit',
    ],
    // The right policy in the wrong direction: routes from 10.3.3.3 are filtered, what goes to it is not.
    mistake: [
      'system-view',
      'ip ip-prefix DOC-NET index 10 permit 203.0.113.0 24',
      'route-policy TO-AS300 deny node 10',
      'if-match ip-prefix DOC-NET',
      'quit',
      'route-policy TO-AS300 permit node 20',
      'quit',
      'bgp 100',
      'peer 10.3.3.3 route-policy TO-AS300 import',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'monitor peer 10.3.3.3',
      'route-mode ipv4-family unicast adj-rib-out pre-policy',
      'route-mode ipv4-family unicast adj-rib-out post-policy',
      'commit',
    ],
    red: { check: 'out-post-denied', state: 'fail', says: /export policy/ },
  },
  {
    id: 'local-preference',
    solve: [
      'system-view',
      'route-policy PREFER-AS300 permit node 10',
      'apply local-preference 200',
      'quit',
      'bgp 100',
      'peer 10.3.3.3 route-policy PREFER-AS300 import',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'monitor public',
      'route-mode ipv4-family unicast local-rib',
      'commit',
    ],
    // The policy on the wrong peer: the path via AS 200 stays best.
    mistake: [
      'system-view',
      'route-policy PREFER-AS300 permit node 10',
      'apply local-preference 200',
      'quit',
      'bgp 100',
      'peer 10.2.2.2 route-policy PREFER-AS300 import',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'monitor public',
      'route-mode ipv4-family unicast local-rib',
      'commit',
    ],
    red: { check: 'best-via-300', state: 'fail', says: /10\.3\.3\.3/ },
  },
];

test('the ladder lists every exercise in order, the seed task first', async ({ page }) => {
  lab = await openFreshLab(page);
  await page.locator('[data-tab="exercises"]').click();
  await expect(page.getByTestId(TEST_IDS.exerciseItem)).toHaveCount(LADDER.length);
  expect(await page.getByTestId(TEST_IDS.exerciseItem).evaluateAll((els) => els.map((e) => e.getAttribute('data-exercise-id')))).toEqual(LADDER);
});

for (const c of CASES) {
  test(`${c.id}: solved through the console, every check turns pass`, async ({ page }) => {
    lab = await openFreshLab(page);
    await openExercise(page, c.id);
    await expect(checks(page).first()).toBeVisible();
    await type(page, c.solve);
    await expectAllPass(page);
  });

  test(`${c.id}: a plausible mistake leaves ${c.red.check} ${c.red.state}, with a useful hint`, async ({ page }) => {
    lab = await openFreshLab(page);
    await openExercise(page, c.id);
    await type(page, c.mistake);
    // Give the lab time to act on it (sessions dial, the station reports, checks re-evaluate).
    await page.waitForTimeout(1_500);
    const red = check(page, c.red.check);
    await expect(red).toHaveAttribute('data-state', c.red.state);
    await expect(red).toContainText(c.red.says);
    await expect(page.getByTestId('exercise-complete')).toHaveCount(0);
  });
}

test('reset to start and restore checkpoint drive the lab from the panel', async ({ page }) => {
  lab = await openFreshLab(page);
  await openExercise(page, 'seed-session');
  await page.locator('[data-step="1"] [data-action="exercise-hint"]').click();
  await expect(page.locator('[data-step="1"] [data-testid="exercise-hint"]')).toHaveCount(1);
  await page.locator('[data-step="1"] [data-action="exercise-checkpoint"]').click();
  await expectAllPass(page);
  await page.locator('[data-action="exercise-reset"]').click();
  // Back at the start, nothing is judged until the trainee commits.
  await expect(check(page, 'up')).toHaveAttribute('data-state', 'pending');
  await expect(check(page, 'config')).toHaveAttribute('data-state', 'pending');
});

const ladderItem = (page: Page, id: string) => page.getByTestId(TEST_IDS.exerciseItem).and(page.locator(`[data-exercise-id="${id}"]`));

test('no check is red, nor green, before the trainee types anything', async ({ page }) => {
  lab = await openFreshLab(page);
  await page.locator('[data-tab="exercises"]').click();
  for (const id of LADDER) {
    await ladderItem(page, id).getByRole('button').click();
    await expect(page.locator(`.exercise-open[data-exercise="${id}"]`)).toBeVisible();
    if (id === 'troubleshoot') {
      // The broken lab: give its session and BGP time to fail (checks re-evaluate ~100 ms after each event).
      await page.waitForTimeout(1_500);
    }
    const states = await checks(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states.length, id).toBeGreaterThan(0);
    expect(
      states.filter((x) => x !== 'pending'),
      id,
    ).toEqual([]);
  }
});

test('a finished exercise keeps its ✓ after a reload; Next opens the following one', async ({ page }) => {
  lab = await openFreshLab(page);
  await openExercise(page, 'seed-session');
  await type(page, ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return']);
  await expectAllPass(page);
  await expect(ladderItem(page, 'seed-session').getByTestId(TEST_IDS.exerciseDone)).toHaveAttribute('data-with-checkpoint', 'false');

  await page.getByTestId(TEST_IDS.exerciseNext).click();
  await expect(page.locator('.exercise-open[data-exercise="monitor-peers"]')).toBeVisible();
  // Solved by restoring the last checkpoint: done, but marked apart.
  await page.locator('[data-step="1"] [data-action="exercise-checkpoint"]').click();
  await expectAllPass(page);

  await page.reload();
  await page.locator('[data-tab="exercises"]').click();
  await expect(ladderItem(page, 'seed-session').getByTestId(TEST_IDS.exerciseDone)).toHaveAttribute('data-with-checkpoint', 'false');
  await expect(ladderItem(page, 'monitor-peers').getByTestId(TEST_IDS.exerciseDone)).toHaveAttribute('data-with-checkpoint', 'true');
  await expect(ladderItem(page, 'loc-rib').getByTestId(TEST_IDS.exerciseDone)).toHaveCount(0);
  await expect(page.getByTestId(TEST_IDS.exerciseNext)).toHaveAttribute('data-next-id', 'pre-post-policy');
});

test('after the last exercise, the end of the ladder instead of Next', async ({ page }) => {
  lab = await openFreshLab(page);
  // The last exercise traces a prefix through an import policy: its second step's checkpoint completes it.
  await openExercise(page, 'route-trace');
  await page.locator('[data-step="1"] [data-action="exercise-checkpoint"]').click();
  await expectAllPass(page);
  await expect(page.getByTestId(TEST_IDS.exerciseNext)).toHaveCount(0);
  await expect(page.getByTestId(TEST_IDS.exerciseLadderDone)).toContainText('last exercise');
  await expect(page.getByTestId(TEST_IDS.exerciseLadderDone)).toContainText('1 with a checkpoint');
});

test('hints show commands as code', async ({ page }) => {
  lab = await openFreshLab(page);
  await openExercise(page, 'seed-session');
  await page.locator('[data-step="0"] [data-action="exercise-hint"]').click();
  await expect(page.locator('[data-step="0"] [data-testid="exercise-hint"] code').first()).toHaveText('system-view');
  await expect(page.locator('[data-step="0"] [data-testid="exercise-hint"]').first()).not.toContainText('`');
});

test('a blocked station: router-side checks pass, wire checks stay red', async ({ page }) => {
  // The lab's 10.1.1.1:1790 is a black hole in this test process: it accepts
  // the TCP connection and reads the bytes, but it is not the lab's station,
  // so nothing is recorded. The router thinks all is well.
  const sockets = new Set<Socket>();
  let blackhole: Server | null = createServer((s) => {
    sockets.add(s);
    s.resume();
  });
  await new Promise<void>((r) => blackhole!.listen(0, '127.0.0.1', r));
  const port = (blackhole.address() as { port: number }).port;
  try {
    lab = await openFreshLab(page, {
      topology: { router: { sysname: 'HUAWEI' }, stations: [], neighbors: [], network: [{ address: '10.1.1.1', port: 1790, to: `127.0.0.1:${port}` }] },
    });
    await openExercise(page, 'seed-session');
    await type(page, ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit']);
    await expect(check(page, 'up')).toHaveAttribute('data-state', 'pass');
    await expect(check(page, 'config')).toHaveAttribute('data-state', 'pass');
    await expect(check(page, 'port')).toHaveAttribute('data-state', 'pass');
    await page.waitForTimeout(2_000);
    const wire = check(page, 'initiation');
    await expect(wire).toHaveAttribute('data-wire', 'true');
    await expect(wire).toHaveAttribute('data-state', 'pending');
    await expect(wire).toContainText('no Initiation');
    await expect(page.getByTestId('exercise-complete')).toHaveCount(0);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => blackhole!.close(r));
    blackhole = null;
  }
});

test('an exercise reset brings the open console back to <HUAWEI>; a bare commit then changes nothing', async ({ page }) => {
  lab = await openFreshLab(page);
  await openExercise(page, 'seed-session');
  // Work in progress, not committed: the old candidate must not survive the reset.
  await type(page, ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790']);
  await expect.poll(() => terminalText(page)).toMatch(/\[\*HUAWEI-bmp-session-10\.1\.1\.1\]\s*$/);
  await page.locator('[data-action="exercise-reset"]').click();
  await expect
    .poll(() => terminalText(page))
    .toMatch(/Info: The lab was reset to the start of exercise "1\. Set up a BMP session"; uncommitted configurations were discarded\.\s*\n<HUAWEI>\s*$/);
  await type(page, ['system-view', 'commit', 'return']);
  expect((await lab.configuration()).running).not.toContain('bmp-session');
  // The bare commit is the trainee acting, so the checks are judged: nothing was earned.
  await expect(check(page, 'config')).toHaveAttribute('data-state', 'fail');
  await expect(check(page, 'up')).not.toHaveAttribute('data-state', 'pass');
});
