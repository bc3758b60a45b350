import { deleteLab, expect, openFreshLab, run, test, type Lab } from '@bmp-lab/playwright-kit';
import { TEST_IDS } from '@bmp-lab/protocol';

// The station's Routes tab: every route it holds, and one prefix compared
// across views. An import policy on 10.2.2.2 adds a community, so the
// prefix's post-policy and Loc-RIB routes differ from its pre-policy one.

test.use({ viewport: { width: 1024, height: 640 } });

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

test('the Routes tab lists the routes the station holds and compares a prefix across pre-policy, post-policy and the Loc-RIB', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  lab = await openFreshLab(page);
  for (const line of [
    'system-view',
    'ip ip-prefix all index 10 permit 0.0.0.0 0 less-equal 32',
    'route-policy tag permit node 10',
    'if-match ip-prefix all',
    'apply community 100:200 additive',
    'quit',
    'bgp 100',
    'peer 10.2.2.2 as-number 200',
    'peer 10.3.3.3 as-number 300',
    'keep-all-routes',
    'peer 10.2.2.2 route-policy tag import',
    'quit',
    'bmp',
    'bmp-session 10.1.1.1',
    'tcp connect port 1790',
    'monitor public',
    'route-mode ipv4-family unicast adj-rib-in pre-policy',
    'route-mode ipv4-family unicast adj-rib-in post-policy',
    'route-mode ipv4-family unicast local-rib',
    'commit',
    'return',
  ]) {
    await run(page, line);
  }
  await expect(page.getByTestId(TEST_IDS.bmpSession).and(page.locator('[data-address="10.1.1.1"]'))).toHaveAttribute('data-state', 'up');

  await page.getByRole('tab', { name: /^Routes/ }).click();
  const list = page.getByRole('listbox', { name: /Routes the station holds/ });
  await expect(list).toBeVisible();
  // The dump arrives view by view: wait until the station holds all three (REST), then the list shows them on Refresh.
  // The list is virtualised, so which rows are drawn unfiltered depends on the window's height: the prefix filter
  // below is what shows every view of one prefix.
  const heldViews = async () => {
    const views = (await lab!.stationRouters()).flatMap((r) => (r.closedAt === null ? r.routes.filter((v) => v.prefixes > 0).map((v) => `${v.peer} ${v.view}`) : []));
    return ['0.0.0.0 loc-rib', '10.2.2.2 adj-rib-in post-policy', '10.2.2.2 adj-rib-in pre-policy'].every((v) => views.includes(v));
  };
  await expect.poll(heldViews, { timeout: 20_000 }).toBe(true);
  await page.getByRole('button', { name: /Refresh the routes/ }).click();

  // Filters: the Loc-RIB only, then one prefix.
  await page.getByLabel('Filter routes by view').selectOption('loc-rib');
  await expect(page.getByTestId('station-route').first()).toHaveAttribute('data-view', 'loc-rib');
  await expect.poll(() => page.getByTestId('station-route').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-view') === 'loc-rib'))).toBe(true);
  await page.getByLabel('Filter routes by view').selectOption('');
  await page.getByLabel(/Filter routes by prefix/).fill('203.0.113.0/24');
  await expect(page.getByTestId('station-route')).toHaveCount(3);

  // Select it (keyboard: the list is a listbox) and compare.
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('station-route').first()).toHaveAttribute('aria-selected', 'true');
  const compare = page.getByTestId('route-compare');
  await expect(compare).toHaveAttribute('data-prefix', '203.0.113.0/24');
  const column = (peer: string, view: string) => compare.locator(`th[data-peer="${peer}"][data-view="${view}"]`);
  await expect(column('10.2.2.2', 'adj-rib-in pre-policy')).toHaveAttribute('data-baseline', 'true');
  await expect(column('10.2.2.2', 'adj-rib-in post-policy')).toBeVisible();
  await expect(column('0.0.0.0', 'loc-rib')).toBeVisible();
  const communities = (peer: string, view: string) => compare.locator(`td[data-attr="communities"][data-peer="${peer}"][data-view="${view}"]`);
  await expect(communities('10.2.2.2', 'adj-rib-in pre-policy')).toHaveAttribute('data-differs', 'false');
  await expect(communities('10.2.2.2', 'adj-rib-in pre-policy')).not.toContainText('100:200');
  for (const [peer, view] of [
    ['10.2.2.2', 'adj-rib-in post-policy'],
    ['0.0.0.0', 'loc-rib'],
  ] as const) {
    await expect(communities(peer, view)).toHaveAttribute('data-differs', 'true');
    await expect(communities(peer, view).locator('ins')).toHaveText('+100:200');
  }
  // The AS path is the same before and after the policy.
  await expect(compare.locator('td[data-attr="asPath"][data-view="adj-rib-in post-policy"]')).toHaveAttribute('data-differs', 'false');
  // Fits at 1024×640: the comparison and the list both inside the window.
  const box = await compare.boundingBox();
  expect(box !== null && box.y + box.height <= 640 && box.x + box.width <= 1024).toBe(true);
  await testInfo.attach('routes-compare', { body: await page.screenshot(), contentType: 'image/png' });

  // Esc closes the comparison and gives the list the focus back.
  await page.keyboard.press('Escape');
  await expect(compare).toHaveCount(0);
  await expect(list).toBeFocused();
});
