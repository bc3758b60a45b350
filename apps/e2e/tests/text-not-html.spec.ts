import { deleteLab, expect, openFreshLab, run, terminalText, test, type Lab } from '@bmp-lab/playwright-kit';

// Issue 8: text from routers (sysName, sysDescr) and consoles is shown as
// text, never as HTML. A sysName that is an HTML payload reaches the station
// in the Initiation and is shown literally in "routers reporting" and the
// inspector; no element is created and no handler runs.

const PAYLOAD = '<img/src=x/onerror=window.__xss=1>';

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

test('a sysName containing HTML is rendered as text in the station panels and the console', async ({ page }) => {
  test.setTimeout(60_000);
  await page.addInitScript(() => {
    (globalThis as unknown as { __xss: number }).__xss = 0;
  });
  lab = await openFreshLab(page);
  for (const line of ['system-view', `sysname ${PAYLOAD}`, 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit']) await run(page, line);
  // The console shows the prompt with the literal name.
  await expect.poll(() => terminalText(page)).toContain(`[~${PAYLOAD}-bmp-session-10.1.1.1]`);
  // The station panel lists the router by its literal sysName.
  const routers = page.getByTestId('routers-reporting');
  await expect(routers).toContainText(PAYLOAD, { timeout: 15_000 });
  // The inspector's Initiation shows it as text too.
  await page.getByTestId('station-message').and(page.locator('[data-type="initiation"]')).last().click();
  await expect(page.getByTestId('dissection-tree')).toContainText(PAYLOAD);
  // No element was created from it, and its handler never ran.
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as unknown as { __xss: number }).__xss)).toBe(0);
});
