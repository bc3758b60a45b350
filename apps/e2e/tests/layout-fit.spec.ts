import { deleteLab, expect, openFreshLab, run, test, type Lab } from '@bmp-lab/playwright-kit';
import type { Locator, Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';

// The dashboard fits small windows: at 1024×640 and 1280×720, in both themes,
// with a filter set and a message open, every control of a toolbar lies inside
// its panel, nothing scrolls sideways, the decoded tree shows whole values, and
// a message row says which RIB view it speaks for. The splitter is a ratio,
// remembered with its reset. The header's explanations drop over both panes.

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

const SEED = ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'commit', 'return'];

/** The part of `inner` that sticks out of `outer`, px (0 when inside). */
async function overflow(inner: Locator, outer: Locator): Promise<number> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  if (a === null || b === null) throw new Error('not laid out');
  return Math.max(0, b.x - a.x, a.x + a.width - (b.x + b.width), b.y - a.y, a.y + a.height - (b.y + b.height));
}

/** Every button, select and link of the toolbars of `panel` (its header rows) that is shown lies inside it. */
async function expectControlsInside(panel: Locator): Promise<number> {
  const controls = panel.locator(':is(.panel-header, .inspector-toolbar, .detail-header, .console-toolbar, .session-head) :is(button, select, a[href])');
  let checked = 0;
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue;
    const name = (await control.getAttribute('aria-label')) ?? (await control.textContent()) ?? '';
    expect(await overflow(control, panel), `"${name.trim()}" sticks out of its panel`).toBeLessThanOrEqual(0.5);
    checked++;
  }
  return checked;
}

async function openDetailWithFilter(page: Page): Promise<void> {
  await page.getByLabel('Filter by type').selectOption('route-monitoring');
  await expect(page.getByRole('button', { name: 'Reset the message filters' })).toBeVisible();
  await page.getByTestId(TEST_IDS.stationMessage).first().click();
  await expect(page.getByTestId('dissection-tree')).toBeVisible();
}

for (const size of [
  { width: 1024, height: 640 },
  { width: 1280, height: 720 },
]) {
  test(`at ${size.width}×${size.height} every toolbar control stays inside its panel, in both themes`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.setViewportSize(size);
    lab = await openFreshLab(page);
    for (const line of SEED) await run(page, line);
    const rms = page.getByTestId(TEST_IDS.stationMessage).and(page.locator('[data-type="route-monitoring"]'));
    await expect(page.getByTestId(TEST_IDS.bmpSession)).toHaveAttribute('data-state', 'up');
    await expect(rms.first()).toBeAttached({ timeout: 15_000 });
    await openDetailWithFilter(page);

    const station = page.locator('section.panel.station');
    const dashboard = page.locator('section.panel.dashboard');
    const consoles = page.locator('.console-pane');
    for (const theme of ['dark', 'light']) {
      const toggle = page.locator('.theme-toggle');
      if ((await toggle.getAttribute('data-theme-current')) !== theme) await toggle.click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      // The ones that used to fall off: Clear, Pause/Resume, the detail's close button.
      for (const name of [/Clear the message log/, /Pause the message log|Resume the message log/, /Close the detail of message/]) {
        expect(await overflow(page.getByRole('button', { name }), station), `${name} outside the station panel`).toBeLessThanOrEqual(0.5);
      }
      expect(await expectControlsInside(station)).toBeGreaterThanOrEqual(8);
      expect(await expectControlsInside(dashboard)).toBeGreaterThanOrEqual(2);
      expect(await expectControlsInside(consoles)).toBeGreaterThanOrEqual(3);
      // Nothing scrolls sideways.
      expect(Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'))).toBeLessThanOrEqual(0);
    }

    // The decoded tree shows whole values (they wrap, never cut).
    const values = page.getByTestId('dissection-tree').locator('.tree-value');
    await expect(values.first()).toBeVisible();
    const cut = await values.evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(cut).toEqual([]);

    // A Route Monitoring row names its view (in/out, pre/post) and its peer's AS.
    const row = rms.first();
    await expect(row.locator('.view-chip')).toHaveText('in post');
    await expect(row.locator('.peer')).toContainText(/10\.2\.2\.2\s*AS200/);
  });
}

/** Whether every point along the terminal's last row shows the terminal itself (nothing drawn over it). */
const LAST_ROW_UNCOVERED = `(() => {
  const row = document.querySelector('.xterm-rows > div:last-child');
  const term = row && row.closest('.xterm');
  if (!row || !term) return 'no terminal row';
  const box = row.getBoundingClientRect();
  if (box.bottom > innerHeight || box.height === 0) return 'the last row is outside the window';
  const y = box.top + box.height / 2;
  for (const x of [box.left + 2, box.left + box.width / 4, box.left + box.width / 2, box.right - 2]) {
    const hit = document.elementFromPoint(x, y);
    if (!hit || !term.contains(hit)) return 'covered at x=' + Math.round(x) + ' by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
  }
  return 'uncovered';
})()`;

test('at 1024×640 the name prompt of a class lab covers no console row, and Esc dismisses it', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  lab = await openFreshLab(page);
  const prompt = page.getByTestId('name-prompt');
  await expect(prompt).toBeVisible();
  // The terminal refits below it: its last row, where the trainee types once the screen fills, stays in sight.
  await expect.poll(() => page.evaluate(LAST_ROW_UNCOVERED)).toBe('uncovered');
  const bar = await prompt.boundingBox();
  const pane = await page.locator('.console-pane').boundingBox();
  expect(bar !== null && pane !== null && bar.y + bar.height <= pane.y + 0.5, 'the prompt ends above the console pane').toBe(true);
  // It takes no keyboard: the console still answers what is typed.
  await run(page, 'display version');
  await page.getByLabel('Your name (for the instructor)').focus();
  await page.keyboard.press('Escape');
  await expect(prompt).toBeHidden();
  await expect.poll(() => page.evaluate(LAST_ROW_UNCOVERED)).toBe('uncovered');
});

test('the splitter is a ratio of the width, remembered, and so is its reset', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  lab = await openFreshLab(page);
  const splitter = page.getByRole('separator', { name: /Resize the console and the dashboard/ });
  /** The console pane's width over the workspace's content width. */
  const consoleShare = async () => {
    const workspace = await page.locator('.workspace').boundingBox();
    const pane = await page.locator('.console-pane').boundingBox();
    if (workspace === null || pane === null) throw new Error('not laid out');
    return pane.width / (workspace.width - 16); // the workspace's padding: 8 px each side
  };
  const before = await consoleShare();
  await splitter.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
  const moved = await consoleShare();
  expect(moved).toBeLessThan(before - 0.1);
  const stored = Number(await page.evaluate(() => localStorage.getItem('bmplab.split')));
  expect(stored).toBeCloseTo(moved, 2);

  // A wider window keeps the ratio, not the pixels.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(consoleShare).toBeCloseTo(moved, 2);
  // A reload remembers it.
  await page.reload();
  await expect(splitter).toHaveAttribute('data-split', stored.toFixed(4));
  await expect.poll(consoleShare).toBeCloseTo(moved, 2);

  // Reset (Enter on the splitter, or a double-click) forgets it, across a reload too.
  await splitter.focus();
  await page.keyboard.press('Enter');
  await expect(splitter).toHaveAttribute('data-split', 'default');
  expect(await page.evaluate(() => localStorage.getItem('bmplab.split'))).toBeNull();
  await page.reload();
  await expect(splitter).toHaveAttribute('data-split', 'default');
  await expect.poll(consoleShare).toBeCloseTo(before, 2);
});

test("the header's explanation is drawn over both panes, wherever the splitter is", async ({ page }) => {
  // The default lab's header names the external listener, with its "?".
  await page.goto('/');
  await expect(page.getByTestId(TEST_IDS.terminal)).toBeVisible();
  const hint = page.getByTestId('hint-external-listener');
  const splitter = page.getByRole('separator', { name: /Resize the console and the dashboard/ });
  // Console pane narrow, then wide (under the explanation).
  for (const key of ['Shift+ArrowLeft', 'Shift+ArrowRight']) {
    await splitter.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press(key);
    await hint.hover();
    const tooltip = page.locator('.app-header').getByRole('tooltip');
    await expect(tooltip).toBeVisible();
    // Every corner and the middle of the explanation show the explanation itself, not a pane drawn over it.
    const covered = await tooltip.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const points = [
        [r.left + 3, r.top + 3],
        [r.right - 3, r.top + 3],
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.left + 3, r.bottom - 3],
        [r.right - 3, r.bottom - 3],
      ];
      return points.filter(([x, y]) => !el.contains(el.ownerDocument.elementFromPoint(x, y))).map(([x, y]) => `${Math.round(x)},${Math.round(y)}`);
    });
    expect(covered, `the explanation is covered (console pane ${key === 'Shift+ArrowLeft' ? 'narrow' : 'wide'})`).toEqual([]);
    await page.mouse.move(0, 0);
  }
});
