import { deleteLab, expect, labConsole, openLab, test } from '@bmp-lab/playwright-kit';

// The instructor's live table: a named trainee's commit shows on the
// instructor's page within a second, without a reload (the instructor
// socket, /ws?instructor=1), and the watch link streams the trainee's console
// read-only.

const token = process.env.BMPLAB_E2E_INSTRUCTOR_TOKEN ?? '';

test('the instructor page shows a named lab’s progress within a second of the trainee’s commit, without reload', async ({ page, browser, baseURL }) => {
  test.skip(token === '', 'BMPLAB_E2E_INSTRUCTOR_TOKEN is set by playwright.config.ts');
  const server = baseURL!.replace(/\/$/, '');
  // The trainee's lab, created with a name (POST /api/labs {"name"}), then renamed as the page's prompt would.
  const res = await page.request.post(`${server}/api/labs`, { data: { name: 'Trainee One' } });
  expect(res.status()).toBe(201);
  const summary = (await res.json()) as { id: string; url: string };
  const rename = await page.request.put(`${server}/api/labs/${summary.id}/name`, { data: { name: 'Ada Lovelace' } });
  expect(rename.status()).toBe(200);
  const lab = { id: summary.id, server, url: `${server}${summary.url}` };

  const teacher = await browser.newContext();
  try {
    const instructor = await teacher.newPage();
    await instructor.goto(`${server}/instructor`);
    await instructor.getByLabel('Instructor token').fill(token);
    await instructor.getByRole('button', { name: 'Show labs' }).click();
    const row = instructor.locator(`[data-testid="instructor-lab"][data-lab-id="${lab.id}"]`);
    await expect(row.getByTestId('instructor-name')).toContainText('Ada Lovelace');
    await expect(row.getByTestId('instructor-bmp')).toHaveText('none');
    // Reloads are counted: the table must change without one.
    let loads = 0;
    instructor.on('load', () => loads++);

    await openLab(page, lab);
    const trainee = labConsole(page);
    for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790']) await trainee.run(line);
    await trainee.run('commit');
    await expect(row.getByTestId('instructor-bmp')).toContainText('10.1.1.1:1790', { timeout: 1_000 });
    await expect(row.getByTestId('instructor-activity')).not.toHaveText('—');
    expect(loads).toBe(0);

    // The token is remembered for the tab's session: a reload goes straight to the table.
    await instructor.reload();
    await expect(row.getByTestId('instructor-name')).toContainText('Ada Lovelace');

    // Watch the trainee's console read-only: its output streams, typing changes nothing.
    const [watch] = await Promise.all([teacher.waitForEvent('page'), row.getByTestId('instructor-watch').first().click()]);
    await expect(watch.getByTestId('watch-banner')).toBeVisible();
    await expect.poll(() => labConsole(watch).text(), { timeout: 10_000 }).toContain('tcp connect port 1790');
    await trainee.run('display clock');
    await expect.poll(() => labConsole(watch).text(), { timeout: 5_000 }).toContain('display clock');
    await watch.getByTestId('terminal').click();
    await watch.keyboard.type('sysname WATCHER');
    await watch.keyboard.press('Enter');
    await trainee.run('display current-configuration | include sysname');
    expect(await trainee.text()).not.toContain('WATCHER');
    expect(await labConsole(watch).text()).not.toContain('WATCHER');
  } finally {
    await teacher.close();
    await deleteLab(page.request, lab);
  }
});
