import { expect, terminalText, test } from '@bmp-lab/playwright-kit';

// The page loads, the terminal is there, and the router's console prompt
// arrives over the WebSocket (README "Public contracts" test hooks).

test('the console shows the router prompt', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('terminal')).toBeVisible();
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toContain('<HUAWEI>');
});
