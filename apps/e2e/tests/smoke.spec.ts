import { expect, test } from '@playwright/test';

// The page loads, the terminal is there, and the router's console prompt
// arrives over the WebSocket (README "Public contracts" test hooks).

type LabHooks = { bmpLab?: { terminalText(): string } };

test('the console shows the router prompt', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('terminal')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as LabHooks).bmpLab?.terminalText() ?? ''), { timeout: 10_000 })
    .toContain('<HUAWEI>');
});
