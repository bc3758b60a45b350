import { deleteLab, expect, openFreshLab, run, terminalText, test, type Lab } from '@bmp-lab/playwright-kit';
import type { Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';
import { monitorOnePeerLines } from './monitor-lines.js';

// The lab by keyboard alone: the terminal keeps Tab (the router's completion)
// and is left with the documented Esc then Tab (Shift+Tab backwards); the
// console tabs, the dashboard tabs and the station's message list are one
// tab stop each, driven with the arrow keys.

let lab: Lab | null = null;
test.afterEach(async ({ page }) => {
  if (lab) await deleteLab(page.request, lab);
  lab = null;
});

/** xterm's input element in the active console: it has the focus while the terminal has the keyboard. */
const terminalInput = (page: Page) => page.getByTestId(TEST_IDS.terminal).locator('textarea');

test('Tab completes in the terminal; Esc then Tab leaves it, as the hint says, and Esc+B still reaches the router', async ({ page }) => {
  lab = await openFreshLab(page);
  // The way out is written next to the terminal, and the terminal's input points to it.
  const hint = page.locator('#terminal-keys-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Esc');
  await expect(hint).toContainText('Tab');
  await expect(page.getByTestId(TEST_IDS.terminal).locator('textarea')).toHaveAttribute('aria-describedby', 'terminal-keys-hint');

  // Tab alone stays in the terminal: it is VRP's completion.
  await page.keyboard.type('disp');
  await page.keyboard.press('Tab');
  await expect.poll(() => terminalText(page)).toMatch(/<HUAWEI>display\s*$/);
  await expect(terminalInput(page)).toBeFocused();

  // Esc then Tab: the focus moves on (to the splitter), and the router got neither key.
  const before = await terminalText(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('separator', { name: /Resize the console and the dashboard/ })).toBeFocused();
  await expect(terminalInput(page)).not.toBeFocused();
  // Had Esc reached the router, this x would be Esc+X (nothing); had Tab, a completion list.
  await page.getByTestId(TEST_IDS.terminal).click();
  await page.keyboard.type('x');
  await expect.poll(async () => (await terminalText(page)).slice(before.length)).toMatch(/^ ?x$/);

  // Shift+Tab leaves backwards (the router has no use for it).
  await page.keyboard.press('Shift+Tab');
  await expect(terminalInput(page)).not.toBeFocused();
  await expect(page.getByRole('button', { name: /Search the scrollback/ })).toBeFocused();

  // A lone Esc is only held back: Esc then B is still the line editor's word-left.
  await page.getByTestId(TEST_IDS.terminal).click();
  await page.keyboard.press('Control+x'); // VRP: delete to the start of the line
  await page.keyboard.type('abc def');
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.type('X');
  await expect.poll(() => terminalText(page)).toMatch(/<HUAWEI>abc Xdef\s*$/);
});

test('console tabs switch with the arrow keys, Enter goes into the terminal, Delete closes', async ({ page }) => {
  lab = await openFreshLab(page);
  await page.getByRole('button', { name: 'Open another console' }).click();
  const tab1 = page.getByRole('tab', { name: /^Console 1/ });
  const tab2 = page.getByRole('tab', { name: /^Console 2/ });
  await expect(tab2).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => terminalText(page)).toContain('<HUAWEI>');
  await expect(terminalInput(page)).toBeFocused();

  // Out of the terminal backwards, past Search and "+", onto the tab strip: one tab stop, the selected tab.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(tab2).toBeFocused();
  await expect(tab1).toHaveAttribute('tabindex', '-1');

  await page.keyboard.press('ArrowLeft');
  await expect(tab1).toBeFocused();
  await expect(tab1).toHaveAttribute('aria-selected', 'true');
  await expect(tab2).toHaveAttribute('aria-selected', 'false');
  await expect(page.locator(`#${await tab1.getAttribute('aria-controls')}`)).toBeVisible();
  await page.keyboard.press('End');
  await expect(tab2).toBeFocused();
  await expect(tab2).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(tab1).toHaveAttribute('aria-selected', 'true');

  // Enter: into Console 1's terminal, where typing goes to Console 1.
  await page.keyboard.press('Enter');
  await expect(terminalInput(page)).toBeFocused();
  await page.keyboard.type('disp');
  await expect.poll(() => terminalText(page)).toMatch(/<HUAWEI>disp\s*$/);
  await expect(page.locator(`#${await tab1.getAttribute('aria-controls')}`)).toContainText('disp');

  // Delete on a tab closes its console.
  await tab2.focus();
  await page.keyboard.press('Delete');
  await expect(tab2).toHaveCount(0);
  await expect(page.getByRole('tablist', { name: 'Consoles' }).getByRole('tab')).toHaveCount(1);
});

test('the dashboard tabs and the station message list work with the keyboard', async ({ page }) => {
  test.setTimeout(60_000);
  lab = await openFreshLab(page);
  for (const line of monitorOnePeerLines()) {
    await run(page, line);
  }
  const messages = page.getByTestId(TEST_IDS.stationMessage);
  await expect(messages.and(page.locator('[data-type="route-monitoring"]')).first()).toBeAttached({ timeout: 15_000 });
  await page.locator('[data-action="pause"]').click();

  // The list is one tab stop after the toolbar.
  await page.locator('[data-action="clear"]').focus();
  await page.keyboard.press('Tab');
  const list = page.getByRole('listbox', { name: /Messages the station received/ });
  await expect(list).toBeFocused();

  const detail = page.getByTestId('message-detail');
  const selected = () => list.locator('[role="option"][aria-selected="true"]');
  await page.keyboard.press('ArrowUp'); // nothing selected: the newest
  await expect(selected()).toHaveCount(1);
  const newest = await messages.last().getAttribute('data-seq');
  await expect(selected()).toHaveAttribute('data-seq', newest!);
  await expect(detail).toHaveAttribute('data-seq', newest!);
  await expect(list).toHaveAttribute('aria-activedescendant', `station-message-${newest}`);
  await page.keyboard.press('ArrowUp');
  const previous = await selected().getAttribute('data-seq');
  expect(Number(previous)).toBeLessThan(Number(newest));
  await expect(detail).toHaveAttribute('data-seq', previous!);
  await page.keyboard.press('Home');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('dissection-tree')).toBeVisible();
  // Esc closes the detail; the focus stays in the list.
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(list).toBeFocused();

  // Monitor | Exercises: arrows move and select.
  const monitor = page.getByRole('tab', { name: 'Monitor' });
  await monitor.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Exercises' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Exercises' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(monitor).toHaveAttribute('aria-selected', 'true');
  // Messages | Routers reporting likewise.
  await page.getByRole('tab', { name: /Messages/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Routers reporting/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('routers-reporting')).toBeVisible();
});
