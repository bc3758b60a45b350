import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';

type LabHooks = { bmpLab?: { terminalText(): string } };

export const terminalText = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as LabHooks).bmpLab?.terminalText() ?? '');

/**
 * A lab of its own for one test (POST /api/labs), opened at /labs/<id> with
 * the console ready and focused; deleted when the test ends. One server serves
 * the whole run, and labs are isolated, so tests cannot see each other.
 */
export async function openFreshLab(page: Page): Promise<string> {
  const res = await page.request.post('/api/labs', { data: {} });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  test.info().attach('lab', { body: id, contentType: 'text/plain' }).catch(() => undefined);
  await page.goto(`/labs/${id}`);
  await expect.poll(() => terminalText(page)).toContain('<HUAWEI>');
  await page.getByTestId(TEST_IDS.terminal).click();
  return id;
}

export async function deleteLab(page: Page, id: string): Promise<void> {
  await page.request.delete(`/api/labs/${id}`);
}

/** Type one line and wait until the terminal shows the next prompt after it. */
export async function run(page: Page, line: string): Promise<void> {
  const before = (await terminalText(page)).length;
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminalText(page)).slice(before)).toMatch(/[>\]]\s*$/);
}
