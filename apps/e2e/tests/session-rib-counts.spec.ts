import { deleteLab, expect, openFreshLab, run, test, type Lab } from '@bmp-lab/playwright-kit';
import type { Locator, Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';

// The BMP session card shows, per monitored peer and view, the routes the
// station holds from that session's connection: the same figures as the
// station's "Routers reporting" card, live, and it fits a 1024×640 window in
// both themes. Every wait is on a condition, never on time.

test.use({ viewport: { width: 1024, height: 640 } });

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

const card = (page: Page) => page.getByTestId(TEST_IDS.bmpSession).and(page.locator('[data-address="10.1.1.1"]'));

/** `peer|view` → prefixes, from elements carrying the given attribute names. */
async function countsOf(cells: Locator, peerAttr: string, viewAttr: string): Promise<Record<string, number>> {
  const pairs = await cells.evaluateAll(
    (els, [p, v]) => els.map((e) => [`${e.getAttribute(p!)}|${e.getAttribute(v!)}`, Number(e.getAttribute('data-prefixes'))] as const),
    [peerAttr, viewAttr],
  );
  return Object.fromEntries([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What the session card shows and what the station's card of the same connection shows. */
async function bothSides(page: Page): Promise<{ connection: string; session: Record<string, number>; station: Record<string, number> }> {
  const connection = (await card(page).getByTestId('session-ribs').getAttribute('data-connection')) ?? '';
  const session = await countsOf(card(page).getByTestId('session-rib-count'), 'data-peer', 'data-view');
  const stationCard = page.getByTestId('router-connection').and(page.locator(`[data-connection="${connection}"]`));
  const station = connection === '' ? {} : await countsOf(stationCard.locator('[data-rib-peer]'), 'data-rib-peer', 'data-rib-view');
  return { connection, session, station };
}

/** Poll until both sides agree and hold `expected` keys; answers what they agreed on. */
async function agreed(page: Page, expected: (counts: Record<string, number>) => boolean): Promise<Record<string, number>> {
  let last: Awaited<ReturnType<typeof bothSides>> | null = null;
  await expect
    .poll(
      async () => {
        last = await bothSides(page);
        const same = last.connection !== '' && JSON.stringify(last.session) === JSON.stringify(last.station);
        return same && expected(last.session) ? 'agree' : JSON.stringify(last);
      },
      { timeout: 20_000 },
    )
    .toBe('agree');
  return last!.session;
}

/** WCAG contrast ratio of two computed `rgb()`/`rgba()` colours. */
function contrast(fg: string, bg: string): number {
  const lum = (c: string) => {
    const [r, g, b] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

test('the session card shows the routes the station holds per monitored peer and view, equal to the station', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  lab = await openFreshLab(page);
  for (const line of [
    'system-view',
    'bgp 100',
    'peer 10.2.2.2 as-number 200',
    'peer 10.3.3.3 as-number 300',
    'keep-all-routes',
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
  await expect(card(page)).toHaveAttribute('data-state', 'up');

  // Both neighbors' pre- and post-policy views and the Loc-RIB, with routes, the same on both cards.
  const full = (c: Record<string, number>) =>
    ['10.2.2.2', '10.3.3.3'].every((p) => (c[`${p}|adj-rib-in pre-policy`] ?? 0) > 0 && (c[`${p}|adj-rib-in post-policy`] ?? 0) > 0) && (c['0.0.0.0|loc-rib'] ?? 0) > 0;
  const counts = await agreed(page, full);
  await testInfo.attach('counts', { body: JSON.stringify(counts, null, 2), contentType: 'application/json' });

  // The table: a row per peer and the Loc-RIB as its own row; short headers explained in their titles.
  const table = card(page).getByTestId('session-ribs');
  await expect(table.locator('[data-rib-row]')).toHaveCount(3);
  const locRib = table.locator('[data-rib-row="loc-rib"]');
  await expect(locRib.locator('th')).toHaveText('Loc-RIB');
  await expect(locRib.getByTestId('session-rib-count')).toHaveAttribute('data-view', 'loc-rib');
  await expect(table.locator('thead th[data-view]')).toHaveText(['In pre', 'In post', 'Loc-RIB']);
  await expect(table.locator('thead th[data-view="adj-rib-in post-policy"]')).toHaveAttribute('title', /^Adj-RIB-In post-policy: routes after the import policy/);
  await expect(table.locator('thead th[data-view="adj-rib-in pre-policy"]')).toHaveAttribute('title', /^Adj-RIB-In pre-policy/);

  // It fits 1024×640: nothing sticks out of the card or the page, in either theme, and it stays readable.
  for (const theme of ['dark', 'light'] as const) {
    const toggle = page.locator('.theme-toggle');
    if ((await toggle.getAttribute('data-theme-current')) !== theme) await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await table.scrollIntoViewIfNeeded();
    const fit = await card(page).evaluate((el) => {
      const wrap = el.querySelector('[data-testid="session-ribs"]')!;
      const c = el.getBoundingClientRect();
      const t = wrap.querySelector('table')!.getBoundingClientRect();
      return {
        insideCard: t.left >= c.left && t.right <= c.right + 0.5,
        wrapScrolls: wrap.scrollWidth > wrap.clientWidth,
        cardScrolls: el.scrollWidth > el.clientWidth,
        pageScrolls: (() => {
          const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
          return g.document.documentElement.scrollWidth > g.innerWidth;
        })(),
      };
    });
    expect(fit).toEqual({ insideCard: true, wrapScrolls: false, cardScrolls: false, pageScrolls: false });
    const colours = await card(page).evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle: (e: unknown) => { color: string; backgroundColor: string } }).getComputedStyle;
      const bg = style(el).backgroundColor;
      const pick = (s: string) => style(el.querySelector(s)).color;
      return {
        bg,
        count: pick('[data-testid="session-rib-count"]:not(.zero)'),
        header: pick('thead th[data-view]'),
        peer: pick('[data-rib-row] th'),
        locRib: pick('[data-rib-row="loc-rib"] th'),
      };
    });
    for (const part of ['count', 'header', 'peer', 'locRib'] as const) {
      expect(contrast(colours[part], colours.bg), `${theme} theme: ${part} ${colours[part]} on ${colours.bg}`).toBeGreaterThanOrEqual(4.5);
    }
    await testInfo.attach(`session-rib-counts-${theme}`, { body: await page.screenshot(), contentType: 'image/png' });
  }

  // Live: a peer removed sends its Peer Down; the station drops its views and the session card follows.
  await page.getByTestId(TEST_IDS.terminal).click();
  for (const line of ['system-view', 'bgp 100', 'undo peer 10.2.2.2', 'commit', 'return']) await run(page, line);
  const after = await agreed(
    page,
    (c) => !Object.keys(c).some((k) => k.startsWith('10.2.2.2|')) && (c['10.3.3.3|adj-rib-in post-policy'] ?? 0) > 0 && (c['0.0.0.0|loc-rib'] ?? 0) > 0,
  );
  expect(Object.keys(after)).toEqual(['0.0.0.0|loc-rib', '10.3.3.3|adj-rib-in post-policy', '10.3.3.3|adj-rib-in pre-policy']);
  await expect(table.locator('[data-rib-row]')).toHaveCount(2);

  // The session goes away: the card with it.
  for (const line of ['system-view', 'bmp', 'undo bmp-session 10.1.1.1', 'commit', 'return']) await run(page, line);
  await expect(card(page)).toHaveCount(0);
});
