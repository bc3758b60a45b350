import { deleteLab, expect, openFreshLab, run, test, type Lab } from '@bmp-lab/playwright-kit';
import type { Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';
import { monitorOnePeerLines } from './monitor-lines.js';

// Text is readable and controls say what they act on: every text shown in
// the dashboard, station and consoles' chrome (the terminal's own colours
// aside) has a contrast of at least 4.5:1 with what is behind it, in both
// themes; every button, link and tab has an accessible name in words that
// names its object, not a lone glyph.

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

/**
 * In the page: the texts whose contrast with their background is below `min`.
 * The background is found by compositing the ancestors' background colours;
 * opacity on the way fades the text. Disabled controls are exempt.
 */
const LOW_CONTRAST = `((min) => {
  const parse = (c) => {
    let m = /^rgba?\\(([^)]+)\\)$/.exec(c);
    if (m) { const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0] / 255, p[1] / 255, p[2] / 255, p[3] ?? 1]; }
    m = /^color\\(srgb ([^)]+)\\)$/.exec(c);
    if (m) { const p = m[1].split(/[ /]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p[3] ?? 1]; }
    return null;
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [1, 1, 1, 1];
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.xterm, [aria-hidden="true"], .disabled, [disabled], svg, option')) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.bottom < 0 || box.top > innerHeight || box.right < 0 || box.left > innerWidth) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible') continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const color = parse(style.color);
    if (!color) continue;
    const bg = background(el);
    const r = ratio(over([color[0], color[1], color[2], color[3] * opacity], bg), bg);
    if (r < min) low.push(el.textContent.trim().slice(0, 40) + ' [' + (typeof el.className === 'string' ? el.className : el.tagName) + '] ' + r.toFixed(2) + ':1');
  }
  return low;
})(4.5)`;

/**
 * In the page: the Topology tab's link lines (and the legend's samples of
 * them) whose colour has less than 3:1 against the view behind them, the
 * minimum for a graphic that carries meaning (WCAG 2.1, non-text contrast):
 * the colour and the dash are how a trainee tells BGP from BMP and up from down.
 */
const LOW_CONTRAST_LINES = `(() => {
  const parse = (c) => { const m = /^rgba?\\(([^)]+)\\)$/.exec(c); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0] / 255, p[1] / 255, p[2] / 255, p[3] ?? 1]; };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [1, 1, 1, 1];
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const lines = [...document.querySelectorAll('.topology-link-line')].filter((el) => el.getClientRects().length > 0);
  if (lines.length === 0) return ['no link line shown'];
  const low = [];
  for (const el of lines) {
    const stroke = parse(getComputedStyle(el).stroke);
    const bg = background(el.closest('div, ul'));
    const r = stroke ? ratio(over(stroke, bg), bg) : 0;
    if (r < 3) low.push((el.closest('[data-kind]')?.getAttribute('data-kind') ?? 'legend') + ' ' + (el.closest('[data-state]')?.getAttribute('data-state') ?? '') + ' ' + r.toFixed(2) + ':1');
  }
  return low;
})()`;

/** In the page: the Topology tab's nodes that lie partly under its legend or its zoom controls (their text cut). */
const COVERED_NODES = `(() => {
  const boxes = [...document.querySelectorAll('.topology-legend, .react-flow__controls')].map((e) => e.getBoundingClientRect());
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return [...document.querySelectorAll('[data-testid="${TEST_IDS.topologyNode}"]')]
    .filter((n) => boxes.some((b) => hit(n.getBoundingClientRect(), b)))
    .map((n) => n.getAttribute('data-name'));
})()`;

/** In the page: buttons, links and tabs whose accessible name has no word in it. */
const NAMELESS = `(() => {
  const name = (el) => {
    const label = el.getAttribute('aria-label');
    if (label) return label;
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    const visible = (n) => n.nodeType === 3 ? n.textContent : n.nodeType === 1 && n.getAttribute('aria-hidden') !== 'true' ? [...n.childNodes].map(visible).join('') : '';
    return visible(el);
  };
  return [...document.querySelectorAll('button, a[href], [role="tab"], [role="separator"][tabindex], select')]
    .filter((el) => el.getClientRects().length > 0 && !/[A-Za-z]{2}/.test(name(el)))
    .map((el) => el.outerHTML.slice(0, 120));
})()`;

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  const toggle = page.locator('.theme-toggle');
  if ((await toggle.getAttribute('data-theme-current')) !== theme) await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('small text reads at 4.5:1 and every control names what it acts on, in both themes', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  lab = await openFreshLab(page);
  for (const line of monitorOnePeerLines()) {
    await run(page, line);
  }
  const session = page.getByTestId(TEST_IDS.bmpSession);
  await expect(session).toHaveAttribute('data-state', 'up');
  await expect(page.getByTestId(TEST_IDS.stationMessage).and(page.locator('[data-type="route-monitoring"]')).first()).toBeAttached({ timeout: 15_000 });

  // Controls named after their object.
  await expect(session.getByRole('button', { name: 'Show details of session 10.1.1.1:1790' })).toBeVisible();
  await expect(session.getByRole('link', { name: /^Download the pcap of session 10\.1\.1\.1:1790/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close Console 1' })).toBeAttached();

  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    // The card unfolded, then a message open (the card folds), then the routers tab.
    const details = session.getByRole('button', { name: /(Show|Hide) details of session/ });
    if ((await details.getAttribute('aria-expanded')) === 'false') await details.click();
    await expect(session.locator('.session-details')).toBeVisible();
    expect(await page.evaluate(LOW_CONTRAST), `${theme}: session card`).toEqual([]);
    expect(await page.evaluate(NAMELESS), `${theme}: session card`).toEqual([]);

    await page.getByTestId(TEST_IDS.stationMessage).last().click();
    await expect(page.getByTestId('dissection-tree')).toBeVisible();
    const seq = await page.getByTestId('message-detail').getAttribute('data-seq');
    await expect(page.getByRole('button', { name: `Close the detail of message #${seq}` })).toBeVisible();
    expect(await page.evaluate(LOW_CONTRAST), `${theme}: message detail`).toEqual([]);
    expect(await page.evaluate(NAMELESS), `${theme}: message detail`).toEqual([]);
    await page.getByRole('button', { name: `Close the detail of message #${seq}` }).click();

    await page.getByRole('tab', { name: /Routers reporting/ }).click();
    await expect(page.getByTestId('router-connection').first()).toBeVisible();
    expect(await page.evaluate(LOW_CONTRAST), `${theme}: routers reporting`).toEqual([]);
    expect(await page.evaluate(NAMELESS), `${theme}: routers reporting`).toEqual([]);
    await page.getByRole('tab', { name: /Messages/ }).click();
  }
});

test('the Topology tab and its neighbor panel read at 4.5:1 and name every control, in both themes', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  lab = await openFreshLab(page);
  // Sessions up, so the links and nodes show their live states too.
  for (const line of ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return']) {
    await run(page, line);
  }
  await page.locator('[data-tab="topology"]').click();
  const neighbor = page.getByTestId(TEST_IDS.topologyNode).and(page.locator('[data-kind="neighbor"][data-name="10.2.2.2"]'));
  await expect(neighbor).toBeVisible();
  await expect(page.getByTestId(TEST_IDS.topologyLink).and(page.locator('[data-kind="bgp"]')).first()).toHaveAttribute('data-state', 'up', { timeout: 15_000 });

  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    expect(await page.evaluate(LOW_CONTRAST), `${theme}: topology`).toEqual([]);
    expect(await page.evaluate(LOW_CONTRAST_LINES), `${theme}: topology links`).toEqual([]);
    expect(await page.evaluate(NAMELESS), `${theme}: topology`).toEqual([]);
    expect(await page.evaluate(COVERED_NODES), `${theme}: nodes under the legend or the controls`).toEqual([]);

    await neighbor.click();
    const panel = page.getByRole('dialog', { name: /Neighbor 10\.2\.2\.2/ });
    await expect(panel.locator('[data-prefix="203.0.113.0/24"]')).toBeVisible();
    expect(await page.evaluate(LOW_CONTRAST), `${theme}: neighbor panel`).toEqual([]);
    expect(await page.evaluate(NAMELESS), `${theme}: neighbor panel`).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
  }
});
