import { deleteLab, expect, openFreshLab, run, terminalText, test, type Lab } from '@bmp-lab/playwright-kit';
import { TEST_IDS } from '@bmp-lab/protocol';

// The seed's example (`bmp-session` command page), typed into the browser's
// terminal as a trainee would, then `tcp connect port 1790` and `commit`: the
// session comes up on a real socket, the embedded station reports the
// Initiation, and `undo bmp-session` sends a Termination.

// Each test works in a lab of its own (POST /api/labs), so counts start at zero.
let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

test('seed: set the BMP session address to 10.1.1.1 and bring it up', async ({ page }) => {
  lab = await openFreshLab(page);

  for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit']) {
    await run(page, line);
  }
  const text = await terminalText(page);
  expect(text.slice(text.indexOf('<HUAWEI>system-view'))).toBe(
    [
      '<HUAWEI>system-view',
      'Enter system view, return user view with return command.',
      '[~HUAWEI]bmp',
      '[*HUAWEI-bmp]bmp-session 10.1.1.1',
      '[*HUAWEI-bmp-session-10.1.1.1]tcp connect port 1790',
      '[*HUAWEI-bmp-session-10.1.1.1]commit',
      '[~HUAWEI-bmp-session-10.1.1.1]',
    ].join('\n'),
  );

  const row = page.getByTestId(TEST_IDS.bmpSession).and(page.locator('[data-address="10.1.1.1"]'));
  await expect(row).toHaveAttribute('data-state', 'up');
  await expect(row).toHaveAttribute('data-port', '1790');
  await expect(row).toHaveAttribute('data-alias', '');
  await expect(row).toHaveAttribute('data-vpn-instance', '');
  await expect(row.locator('[data-counter="initiation"]')).toHaveText('1');

  const initiation = page.getByTestId(TEST_IDS.stationMessage).and(page.locator('[data-type="initiation"]'));
  await expect(initiation).toHaveCount(1);
  await expect(initiation).toContainText('sysName=HUAWEI');

  await run(page, 'quit');
  await run(page, 'undo bmp-session 10.1.1.1');
  await run(page, 'commit');
  await expect(page.getByTestId(TEST_IDS.stationMessage).and(page.locator('[data-type="termination"]'))).toHaveCount(1);
  await expect(page.getByTestId(TEST_IDS.bmpSession)).toHaveCount(0);
  expect((await terminalText(page)).trimEnd().split('\n').slice(-4)).toEqual([
    '[~HUAWEI-bmp-session-10.1.1.1]quit',
    '[~HUAWEI-bmp]undo bmp-session 10.1.1.1',
    '[*HUAWEI-bmp]commit',
    '[~HUAWEI-bmp]',
  ]);
});

test('two stations on one address, told apart by alias, get the same stream', async ({ page }) => {
  lab = await openFreshLab(page);
  const initiations = page.getByTestId(TEST_IDS.stationMessage).and(page.locator('[data-type="initiation"]'));
  const before = await initiations.count();
  for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1 alias a', 'tcp connect port 1790', 'quit', 'bmp-session 10.1.1.1 alias b', 'tcp connect port 1791', 'commit']) {
    await run(page, line);
  }
  for (const [alias, port] of [
    ['a', '1790'],
    ['b', '1791'],
  ] as const) {
    const row = page.getByTestId(TEST_IDS.bmpSession).and(page.locator(`[data-alias="${alias}"]`));
    await expect(row).toHaveAttribute('data-state', 'up');
    await expect(row).toHaveAttribute('data-port', port);
  }
  expect(await terminalText(page)).toContain('[*HUAWEI-bmp-session-10.1.1.1-b]commit');
  await expect(initiations).toHaveCount(before + 2);
  for (const line of ['quit', 'quit', 'undo bmp', 'commit']) await run(page, line);
  await expect(page.getByTestId(TEST_IDS.bmpSession)).toHaveCount(0);
});
