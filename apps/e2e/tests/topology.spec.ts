import { deleteLab, expect, openFreshLab, run, terminalText, test, type Lab } from '@bmp-lab/playwright-kit';
import type { Locator, Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';

// The Topology tab on the default lab (one router, HUAWEI): its nodes, its
// BGP and BMP sessions turning up and down live as the trainee configures
// the router and brings a neighbor down from the tab, a router node opening
// a console, and a dragged node staying where it was put across a reload.
// At the smallest supported window.

test.use({ viewport: { width: 1024, height: 640 } });

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

function node(page: Page, kind: string, name: string): Locator {
  return page.getByTestId(TEST_IDS.topologyNode).and(page.locator(`[data-kind="${kind}"][data-name="${name}"]`));
}

/** The link between two nodes, whichever end the server names first. */
function link(page: Page, kind: string, a: string, b: string): Locator {
  return page.getByTestId(TEST_IDS.topologyLink).and(page.locator(`[data-kind="${kind}"]:is([data-from="${a}"][data-to="${b}"], [data-from="${b}"][data-to="${a}"])`));
}

/** Where React Flow put a node: the translate of its wrapper's transform. */
async function placement(wrapper: Locator): Promise<string | null> {
  return /translate\(([^)]*)\)/.exec((await wrapper.getAttribute('style')) ?? '')?.[1] ?? null;
}

async function openTopology(page: Page): Promise<void> {
  await page.locator('[data-tab="topology"]').click();
  await expect(node(page, 'router', 'HUAWEI')).toBeVisible();
}

test('the Topology tab shows the lab and its BGP and BMP sessions going up and down live', async ({ page }) => {
  lab = await openFreshLab(page);
  await openTopology(page);
  await expect(node(page, 'router', 'HUAWEI')).toContainText('HUAWEI');
  await expect(node(page, 'station', '10.1.1.1:1790')).toBeVisible();
  await expect(node(page, 'neighbor', '10.2.2.2')).toContainText('AS 200');

  for (const line of ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit']) {
    await run(page, line);
  }
  await expect(link(page, 'bmp', 'router:HUAWEI', 'station:10.1.1.1:1790')).toHaveAttribute('data-state', 'up');
  // The one BMP session's link (a session without a port ends at the station's address alone).
  const bmp = page.getByTestId(TEST_IDS.topologyLink).and(page.locator('[data-kind="bmp"][data-from="router:HUAWEI"]'));
  await expect(bmp).toHaveCount(1);
  const bgp = link(page, 'bgp', 'router:HUAWEI', 'neighbor:10.2.2.2');
  await expect(bgp).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect(node(page, 'router', 'HUAWEI')).toContainText('AS 100');

  // The session loses its port and is reset: it stays down, and the link says so within a second.
  for (const line of ['undo tcp connect port', 'commit', 'return', 'reset bmp session 10.1.1.1']) await run(page, line);
  await expect(bmp).toHaveAttribute('data-state', 'down', { timeout: 1_000 });

  // The neighbor, from its node: bring it down (the BGP link follows within a second), then up again.
  await node(page, 'neighbor', '10.2.2.2').click();
  const panel = page.getByRole('dialog', { name: /Neighbor 10\.2\.2\.2/ });
  await expect(panel.locator('[data-prefix="203.0.113.0/24"]')).toBeVisible();
  await panel.getByRole('button', { name: 'Bring down' }).click();
  await expect(bgp).toHaveAttribute('data-state', 'down', { timeout: 1_000 });
  await panel.getByRole('button', { name: 'Bring up' }).click();
  await expect(bgp).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
});

test('a neighbor announces, changes and withdraws a route from the tab, and bad input gets the reason', async ({ page }) => {
  lab = await openFreshLab(page);
  await openTopology(page);
  const neighbor = node(page, 'neighbor', '10.2.2.2');
  await neighbor.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: /Neighbor 10\.2\.2\.2/ });
  await expect(panel.getByRole('heading', { name: /Neighbor 10\.2\.2\.2/ })).toBeFocused();

  const form = panel.getByRole('form', { name: 'Announce a route' });
  await form.getByLabel('Prefix').fill('192.0.2.0/26');
  await form.getByLabel('AS path').fill('64500 64501');
  await form.getByLabel('MED').fill('7');
  await form.getByLabel('Communities').fill('200:9');
  await form.getByRole('button', { name: 'Announce' }).click();
  const route = panel.locator('[data-prefix="192.0.2.0/26"]');
  await expect(route).toContainText('AS path 64500 64501 · MED 7 · 200:9');

  await route.getByRole('button', { name: /Change/ }).click();
  await expect(form.getByLabel('Prefix')).toHaveValue('192.0.2.0/26');
  await form.getByLabel('MED').fill('70');
  await form.getByRole('button', { name: 'Announce' }).click();
  await expect(route).toContainText('MED 70');
  await route.getByRole('button', { name: /Flap/ }).click();
  await expect(panel.getByRole('status')).toHaveText('Flapped 192.0.2.0/26 (withdrawn, then announced again)');
  await expect(route).toContainText('MED 70');

  // The server's own error text comes back as it is.
  await form.getByLabel('Prefix').fill('192.0.2.0/99');
  await form.getByRole('button', { name: 'Announce' }).click();
  await expect(panel.getByRole('alert')).toContainText(/prefix/i);

  await route.getByRole('button', { name: /Withdraw/ }).click();
  await expect(route).toHaveCount(0);
  // The withdrawn route's buttons are gone: the focus stays in the panel, where Esc closes it.
  await expect(panel.getByRole('heading', { name: /Neighbor 10\.2\.2\.2/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(neighbor).toBeFocused();
});

test('a router node opens a console on it, by click or Enter', async ({ page }) => {
  lab = await openFreshLab(page);
  await openTopology(page);
  const tabs = page.getByRole('tab', { name: /^Console \d/ });
  await expect(tabs).toHaveCount(1);
  await node(page, 'router', 'HUAWEI').click();
  await expect(tabs).toHaveCount(2);
  await expect(page.getByRole('tab', { name: /^Console 2/ })).toHaveAttribute('aria-selected', 'true');
  await node(page, 'router', 'HUAWEI').focus();
  await page.keyboard.press('Enter');
  await expect(tabs).toHaveCount(3);
  await expect(page.getByRole('tab', { name: /^Console 3/ })).toHaveAttribute('aria-selected', 'true');
});

test('a dragged node sends one topology.move and stays where it was put after a reload', async ({ page }) => {
  const moves: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string' && f.payload.includes('"topology.move"')) moves.push(f.payload);
    }),
  );
  lab = await openFreshLab(page);
  await openTopology(page);
  const router = node(page, 'router', 'HUAWEI');
  // React Flow places a node with a transform on its wrapper.
  const wrapper = page.locator('.react-flow__node').filter({ has: router });
  const before = await placement(wrapper);
  const box = (await router.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 8 });
  await page.mouse.move(box.x + box.width / 2 + 90, box.y + box.height / 2 + 50, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => moves.length).toBe(1);
  expect(JSON.parse(moves[0]!)).toMatchObject({ type: 'topology.move', node: 'router:HUAWEI' });
  // The drag did not open a console: only a click does.
  await expect(page.getByRole('tab', { name: /^Console \d/ })).toHaveCount(1);
  const { x, y } = JSON.parse(moves[0]!) as { x: number; y: number };
  const after = `${x}px, ${y}px`;
  expect(after).not.toBe(before);
  await expect.poll(() => placement(wrapper)).toBe(after);

  await page.reload();
  await openTopology(page);
  await expect.poll(() => placement(wrapper)).toBe(after);
});

// Two routers, nothing configured: consoles name their router, + asks which one, and they peer through the lab.
const TWO_ROUTERS = {
  routers: [
    { sysname: 'R1', address: '10.0.0.1' },
    { sysname: 'R2', address: '10.0.0.2' },
  ],
  stations: [{ address: '10.1.1.1', ports: [1790] }],
  neighbors: [{ address: '10.2.2.2', as: 200, 'expect-as': 100, routes: [{ prefix: '203.0.113.0/24' }] }],
};

test('in a lab of two routers each console names its router, + asks which one, and a reload keeps them', async ({ page }) => {
  lab = await openFreshLab(page, { topology: TWO_ROUTERS });
  const consoleTabs = page.getByRole('tablist', { name: 'Consoles' }).getByRole('tab');
  await expect(consoleTabs).toHaveText(['R1 · 1']);
  await expect.poll(() => terminalText(page)).toMatch(/<R1>\s*$/);

  // + opens a menu of the routers (Esc closes it, back on +); the keyboard picks R2.
  const add = page.getByRole('button', { name: 'Open another console' });
  await add.click();
  const menu = page.getByRole('menu', { name: 'Open a console on' });
  await expect(menu.getByRole('menuitem')).toHaveText([/^R1/, /^R2/]);
  await expect(menu.getByRole('menuitem', { name: /^R1/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(add).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('menuitem', { name: /^R1/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(consoleTabs).toHaveText(['R1 · 1', 'R2 · 2']);
  await expect(page.getByRole('tab', { name: /^R2 · 2/ })).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => terminalText(page)).toMatch(/<R2>\s*$/);
  for (const line of ['system-view', 'bgp 100', 'peer 10.0.0.1 as-number 100', 'commit', 'return']) await run(page, line);

  await page.reload();
  await expect(consoleTabs).toHaveText(['R1 · 1', 'R2 · 2']);
  await expect.poll(() => terminalText(page)).toContain('[~R2-bgp]return');

  // The topology: both routers; a click on R1 opens a console there, where the other side of the iBGP session goes in.
  await page.locator('[data-tab="topology"]').click();
  await expect(node(page, 'router', 'R2')).toContainText('AS 100');
  await node(page, 'router', 'R1').click();
  await expect(consoleTabs).toHaveText(['R1 · 1', 'R2 · 2', 'R1 · 3']);
  await expect.poll(() => terminalText(page)).toMatch(/<R1>\s*$/);
  for (const line of ['system-view', 'bgp 100', 'peer 10.0.0.2 as-number 100', 'commit', 'return']) await run(page, line);
  await expect(link(page, 'bgp', 'router:R1', 'router:R2')).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
});

// Two routers pre-configured by the topology: iBGP between them, eBGP from R1 to 10.2.2.2, both reporting their
// Loc-RIB to the station. Every node and link is there and up; a dropped session turns its link down within a second.
const R1_R2_CONFIGURED = {
  ...TWO_ROUTERS,
  routers: [
    {
      sysname: 'R1',
      address: '10.0.0.1',
      config: [
        'system-view',
        'bgp 100',
        'peer 10.2.2.2 as-number 200',
        'peer 10.0.0.2 as-number 100',
        'quit',
        'bmp',
        'bmp-session 10.1.1.1',
        'tcp connect port 1790',
        'monitor public',
        'route-mode ipv4-family unicast local-rib',
        'quit',
        'quit',
        'commit',
        'return',
      ],
    },
    {
      sysname: 'R2',
      address: '10.0.0.2',
      config: [
        'system-view',
        'bgp 100',
        'peer 10.0.0.1 as-number 100',
        'quit',
        'bmp',
        'bmp-session 10.1.1.1',
        'tcp connect port 1790',
        'monitor public',
        'route-mode ipv4-family unicast local-rib',
        'quit',
        'quit',
        'commit',
        'return',
      ],
    },
  ],
};

test('a lab of two routers: every node, BGP and BMP links up, and a dropped session goes down within a second', async ({ page }) => {
  lab = await openFreshLab(page, { topology: R1_R2_CONFIGURED });
  await page.locator('[data-tab="topology"]').click();
  for (const [kind, name] of [
    ['router', 'R1'],
    ['router', 'R2'],
    ['neighbor', '10.2.2.2'],
    ['station', '10.1.1.1:1790'],
  ] as const) {
    await expect(node(page, kind, name)).toBeVisible();
  }
  const ibgp = link(page, 'bgp', 'router:R1', 'router:R2');
  await expect(ibgp).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect(link(page, 'bgp', 'router:R1', 'neighbor:10.2.2.2')).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  for (const r of ['router:R1', 'router:R2']) await expect(link(page, 'bmp', r, 'station:10.1.1.1:1790')).toHaveAttribute('data-state', 'up', { timeout: 15_000 });

  // R2 drops its side of the iBGP session (R1 keeps the peer configured, so the link stays, down).
  await lab.cli(['system-view', 'bgp 100', 'undo peer 10.0.0.1', 'commit', 'return'], { router: 'R2' });
  await expect(ibgp).toHaveAttribute('data-state', 'down', { timeout: 1_000 });
  // The neighbor's session drops (brought down over REST): R1's eBGP link turns down too.
  const down = await page.request.put(`${lab.server}/api/labs/${lab.id}/neighbors/10.2.2.2/state`, { data: { up: false } });
  expect(down.status()).toBe(200);
  await expect(link(page, 'bgp', 'router:R1', 'neighbor:10.2.2.2')).toHaveAttribute('data-state', 'down', { timeout: 1_000 });
});
