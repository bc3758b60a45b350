import { deleteLab, expect, openFreshLab, run, terminalText, test, type Lab } from '@bmp-lab/playwright-kit';
import type { Page, TestInfo } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';

// Issue 6: the dashboard, the station inspector and a console that never
// drops, driven through the public test hooks (README "Public contracts") plus the web app's
// own data attributes. Each test works in a lab of its own.

test.use({ viewport: { width: 1280, height: 720 } });

let lab: Lab | null = null;
async function open(page: Page): Promise<void> {
  lab = await openFreshLab(page);
}
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

const sessionRow = (page: Page, alias: string) => page.getByTestId(TEST_IDS.bmpSession).and(page.locator(`[data-alias="${alias}"]`));

test('a session goes Down, Up and Down again: the row and its timeline follow', async ({ page }, testInfo) => {
  await open(page);
  // Port 1792 has no station behind it: the session stays Down, ConnectRetry counting down.
  for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1 alias dash', 'tcp connect port 1792', 'commit']) {
    await run(page, line);
  }
  const row = sessionRow(page, 'dash');
  await expect(row).toHaveAttribute('data-state', 'down');
  await expect(row.locator('[data-timeline-state]').last()).toHaveAttribute('data-timeline-state', 'down');
  await expect(row.locator('[data-countdown="connect-retry"]')).toBeVisible();

  await run(page, 'tcp connect port 1790');
  await run(page, 'commit');
  await expect(row).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect(row).toHaveAttribute('data-port', '1790');
  await expect(row.locator('[data-timeline-state]').last()).toHaveAttribute('data-timeline-state', 'up');
  await expect(row.locator('[data-counter="initiation"]')).toHaveText('1');
  // What the station received, beside what the router sent.
  await expect(row.locator('[data-received-counter="initiation"]')).toHaveText('1');
  await expect(row.locator('[data-countdown="statistics"]')).toBeVisible();
  await expect(row.locator('.pcap-link')).toHaveAttribute('href', /^\/api\/labs\/[^/]+\/pcap\?connection=.+/);
  await row.getByRole('button', { name: 'Show details' }).click();
  await shot(page, testInfo, 'dashboard-session-up');
  await page.getByTestId(TEST_IDS.terminal).click();

  // `reset bmp session` drops the connection (Down, Manual Stop) and dials again.
  await run(page, 'return');
  await run(page, 'reset bmp session 10.1.1.1 alias dash');
  await expect(row.locator('[data-connects]')).toHaveText('2');
  await expect(row.locator('[data-timeline-state="down"][data-timeline-reason="Manual Stop"]').first()).toBeAttached();
  await expect(row.locator('[data-timeline-entry]').first()).toHaveAttribute('data-timeline-entry', 'up');
  await expect(row).toHaveAttribute('data-state', 'up');
  // The counters are the current connection's; the reset one (Initiation, Termination) is listed under the details.
  await expect(row.locator('[data-counter="termination"]')).toHaveText('0');
  await expect(row.locator('[data-received-counter="initiation"]')).toHaveText('1');
  const closed = row.locator('[data-session-connection][data-closed="true"]');
  await expect(closed).toHaveAttribute('data-sent-total', '2');
  await expect(closed).toHaveAttribute('data-received-total', '2');
  await expect(closed).toHaveAttribute('data-reconciled', 'ok');
  await expect(row.locator('table.counters')).toHaveAttribute('data-reconciled', 'ok');

  for (const line of ['system-view', 'undo bmp', 'commit']) await run(page, line);
  await expect(row).toHaveCount(0);
  await run(page, 'return');
});

test('the session card shows the lab address and no "counts differ" after two resets', async ({ page }) => {
  await open(page);
  for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1 alias twice', 'tcp connect port 1790', 'commit', 'return']) {
    await run(page, line);
  }
  const row = sessionRow(page, 'twice');
  await expect(row).toHaveAttribute('data-state', 'up');
  // The router's address in the lab, not the loopback socket (that is only the small "socket" line).
  await expect(row.locator('[data-local-address]')).toHaveAttribute('data-local-address', '10.0.0.1');
  await expect(row.locator('[data-local-address]')).toHaveText(/^10\.0\.0\.1:\d+$/);
  await expect(row.locator('[data-socket]')).toHaveText(/^socket 127\.0\.0\.1:\d+$/);
  for (const connects of ['2', '3']) {
    await run(page, 'reset bmp session 10.1.1.1 alias twice');
    await expect(row.locator('[data-connects]')).toHaveText(connects);
    await expect(row).toHaveAttribute('data-state', 'up');
  }
  await expect(row.locator('[data-received-counter="initiation"]')).toHaveText('1');
  await expect(row.locator('[data-counter="initiation"]')).toHaveText('1');
  // Once the card's own clock says the session has been up past the 2 s a standing difference needs to be flagged:
  // still reconciled, and no ⚠ anywhere on the card.
  await expect(row.locator('[data-age]').first()).toHaveText(/^00h00m(0[3-9]|[1-5]\d)s$/, { timeout: 10_000 });
  await expect(row.locator('table.counters')).toHaveAttribute('data-reconciled', 'ok');
  await expect(row.getByRole('img', { name: 'Counts differ' })).toHaveCount(0);
  await row.getByRole('button', { name: 'Show details' }).click();
  await expect(row.locator('[data-session-connection][data-closed="true"]')).toHaveCount(2);
  await expect(row.locator('[data-session-connection][data-reconciled="ok"]')).toHaveCount(2);
  await expect(row.getByRole('img', { name: 'Counts differ' })).toHaveCount(0);
  // Every view names the router by its lab address: the earlier connections, the station's message rows and its cards.
  await expect(row.locator('[data-session-connection]').first()).toHaveText(/^10\.0\.0\.1:\d+ → 10\.1\.1\.1:1790 \(closed\)/);
  const rows = page.getByTestId(TEST_IDS.stationMessage);
  await expect(rows.first()).toBeVisible();
  await expect(rows.locator('.router').first()).toHaveText(/^10\.0\.0\.1:\d+$/);
  await expect(rows.locator('.router').filter({ hasText: '127.0.0.1' })).toHaveCount(0);
  await page.getByRole('tab', { name: /Routers reporting/ }).click();
  const cards = page.getByTestId('router-connection').filter({ hasText: 'lab router' });
  await expect(cards).toHaveCount(3);
  for (const card of await cards.all()) await expect(card.locator('.router-head .mono')).toHaveText(/^10\.0\.0\.1:\d+ → 10\.1\.1\.1:1790$/);
  await page.getByRole('tab', { name: /Messages/ }).click();
});

test('the inspector decodes Initiation and Termination after the seed commands', async ({ page }, testInfo) => {
  await open(page);
  for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1 alias insp', 'tcp connect port 1790', 'commit']) {
    await run(page, line);
  }
  await expect(sessionRow(page, 'insp')).toHaveAttribute('data-state', 'up');
  for (const line of ['quit', 'quit', 'undo bmp', 'commit']) await run(page, line);
  await expect(sessionRow(page, 'insp')).toHaveCount(0);

  const messages = page.getByTestId(TEST_IDS.stationMessage);
  await messages.and(page.locator('[data-type="initiation"]')).last().click();
  const tree = page.getByTestId('dissection-tree');
  await expect(tree).toContainText('sysName');
  await expect(tree).toContainText('HUAWEI');
  await expect(tree).toContainText('initiation (4)');
  // Hovering a field highlights its bytes in the hex view.
  await tree.locator('[data-field="version"]').first().hover();
  await expect(page.getByTestId('hex-view').locator('.hl').first()).toHaveText('03');
  await shot(page, testInfo, 'inspector-initiation');

  await messages.and(page.locator('[data-type="termination"]')).last().click();
  await expect(tree).toContainText('termination (5)');
  await expect(tree).toContainText('reason');

  // Filters: only Terminations.
  await page.getByLabel('Filter by type').selectOption('termination');
  await expect(messages.and(page.locator(':not([data-type="termination"])'))).toHaveCount(0);
  await page.getByLabel('Filter by type').selectOption('');

  await page.getByRole('tab', { name: /Routers reporting/ }).click();
  await expect(page.getByTestId('router-connection').first()).toContainText('HUAWEI');
  await shot(page, testInfo, 'routers-reporting');
  await page.getByRole('button', { name: /light theme/i }).click();
  await shot(page, testInfo, 'routers-reporting-light');
  await page.getByRole('button', { name: /dark theme/i }).click();
  await page.getByTestId(TEST_IDS.terminal).click();
  await run(page, 'return');
});

test('after a WebSocket drop the same console resumes with its missed output and history', async ({ page }, testInfo) => {
  // Relay the lab socket; while `lost` is set, what the server sends never reaches the page (a dying network).
  let lost = false;
  /** What the server sent while `lost` was set: it never reached the page. */
  const dropped: string[] = [];
  let sockets = 0;
  let pageSide: { close(): Promise<void> } | null = null;
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    sockets++;
    pageSide = ws;
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (!lost) ws.send(m);
      else dropped.push(String(m));
    });
    ws.onClose(() => server.close());
    server.onClose(() => ws.close());
  });
  await open(page);
  await run(page, 'system-view');
  const marker = `# missed-${Date.now().toString(36)}`;
  lost = true;
  await page.keyboard.type(marker);
  await page.keyboard.press('Enter');
  // The server has echoed it (and a prompt) into the void.
  const droppedOutput = () =>
    dropped
      .map((m) => JSON.parse(m) as { type: string; data?: string })
      .flatMap((m) => (m.type === 'console.output' ? [m.data ?? ''] : []))
      .join('');
  await expect.poll(droppedOutput).toMatch(new RegExp(`${marker}\\r?\\n\\[~HUAWEI\\]`));
  expect(await terminalText(page)).not.toContain(marker);

  // Every state the indicator goes through from here on, recorded in the page as it changes (however briefly).
  const indicator = page.getByTestId(TEST_IDS.connectionState);
  await indicator.evaluate((el) => {
    // Browser globals, reached without the DOM lib (this project compiles for Node).
    const g = globalThis as unknown as {
      MutationObserver: new (f: () => void) => { observe(target: unknown, options: object): void };
      connectionStates: string[];
    };
    const target = el as unknown as { getAttribute(name: string): string | null };
    g.connectionStates = [];
    new g.MutationObserver(() => g.connectionStates.push(target.getAttribute('data-state') ?? '')).observe(el, {
      attributes: true,
      attributeFilter: ['data-state'],
    });
  });

  // The connection dies: the relay cuts the page's socket (and its side to the server).
  lost = false;
  await (pageSide as { close(): Promise<void> } | null)?.close();
  await shot(page, testInfo, 'console-reconnecting');
  // It reconnects by itself, with backoff.
  await expect(indicator).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect.poll(() => sockets).toBe(2);
  // It showed the drop on the way: closed (retry after the 0.5 s backoff), then connecting, then open.
  const states = await page.evaluate(() => (globalThis as unknown as { connectionStates: string[] }).connectionStates);
  expect(states[0]).toBe('closed');
  expect(states.slice(1)).toContain('connecting');
  expect(states.at(-1)).toBe('open');

  // The missed echo is replayed into the same console, in the same view.
  await expect.poll(() => terminalText(page)).toContain(`[~HUAWEI]${marker}`);
  expect((await terminalText(page)).trimEnd().endsWith('[~HUAWEI]')).toBe(true);
  // Its history is the same console's: Up recalls the line typed while the output was lost.
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await terminalText(page)).trimEnd().split('\n').at(-1)).toBe(`[~HUAWEI]${marker}`);
  await page.keyboard.press('Enter');
  await run(page, 'return');
});

test('a 5,000-character paste arrives intact and in order', async ({ page }) => {
  await open(page);
  // Two long comment lines (a vty line holds about 3,000 characters) and a command, 5,000 characters in all.
  const a = '# ' + 'a'.repeat(2_498);
  const b = '# ' + 'b'.repeat(5_000 - a.length - 'display this'.length - 3 - 2);
  const paste = `${a}\n${b}\ndisplay this\n`;
  expect(paste.length).toBe(5_000);
  // A clipboard paste into the terminal (xterm turns newlines into Enter).
  await page
    .getByTestId(TEST_IDS.terminal)
    .locator('textarea')
    .evaluate((target, text) => {
      // Browser globals, reached without the DOM lib (this project compiles for Node).
      const g = globalThis as unknown as {
        DataTransfer: new () => { setData(type: string, value: string): void };
        ClipboardEvent: new (type: string, init: object) => unknown;
      };
      const data = new g.DataTransfer();
      data.setData('text/plain', text);
      (target as unknown as { dispatchEvent(e: unknown): boolean }).dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, paste);
  await expect.poll(() => terminalText(page)).toContain(`<HUAWEI>${b}`);
  const text = await terminalText(page);
  expect(text).toContain(`<HUAWEI>${a}\n<HUAWEI>${b}\n<HUAWEI>display this`);
  await expect(page.getByTestId(TEST_IDS.connectionState)).toHaveAttribute('data-state', 'open');
});
