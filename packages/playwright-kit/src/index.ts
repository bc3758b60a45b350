import { test as base, expect } from '@playwright/test';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { TEST_IDS } from '@bmp-lab/protocol';
import type { BmpSessionView, StationMessageView, StationRouterView } from '@bmp-lab/protocol';
import type { CliLineResult, LabSummary } from '@bmp-lab/protocol';
export type { CliLineResult, LabSummary };

/**
 * Playwright fixtures for tests against a running BMP Lab server
 * (`npm start`, or your own): every test gets a fresh, isolated lab.
 * README.md has an example.
 */

export interface LabOptions {
  /** The lab's topology (YAML text or the same as an object, apps/server/labs/README.md); default: the server's default lab's. */
  topology?: string | object;
}

/** A fresh lab, opened in the test's page. */
export interface Lab {
  readonly id: string;
  /** The server, e.g. http://127.0.0.1:8080. */
  readonly server: string;
  /** The lab's page, `<server>/labs/<id>`. */
  readonly url: string;
  readonly summary: LabSummary;
  /** The station's message log (REST), oldest first. */
  stationMessages(): Promise<StationMessageView[]>;
  /** The station's router connections (REST). */
  stationRouters(): Promise<StationRouterView[]>;
  /** The router's BMP sessions (REST). */
  sessions(): Promise<BmpSessionView[]>;
  /** Running and saved configuration as `display current-configuration` prints them (REST). */
  configuration(): Promise<{ running: string; saved: string | null }>;
  /**
   * Run lines in a fresh VTY of the lab (REST CLI, `POST /api/labs/<id>/cli`),
   * as if typed, paging off: the transcript with its prompts, or with
   * `{ json: true }` what each line printed. `router` picks a router of a lab
   * of several (its sysname; default the lab's first).
   */
  cli(lines: readonly string[], options?: { router?: string }): Promise<string>;
  cli(lines: readonly string[], options: { json: true; router?: string }): Promise<CliLineResult[]>;
}

/** The lab's console in the page's terminal. */
export interface LabConsole {
  /**
   * Type a line into the terminal and press Enter; resolves with what the
   * device printed for it (without the echoed line and the next prompt)
   * once a prompt, a [Y/N] question or the pager shows.
   */
  run(line: string, options?: { timeout?: number }): Promise<string>;
  /** The whole terminal buffer as plain text (`window.bmpLab.terminalText()`). */
  text(): Promise<string>;
}

type Hooks = { bmpLab?: { terminalText(): string } };
/** The little of the DOM the kit reads in the page (the kit compiles without the DOM library). */
type InPage = { document: { activeElement: { closest(selector: string): unknown } | null } };

/** The terminal's text, through the UI's test hook (README "Public contracts"). */
export function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as Hooks).bmpLab?.terminalText() ?? '');
}

/** The end of the terminal is waiting for the user: a prompt, a question, or the pager. */
export const WAITING = /(?:<[^<>\n]+>|\[[^[\]\n]+\]|\[Y\/N\]:?|\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:|\[Y\/N\/C\]:|---- More ----)\s*$/;

/** The server: BMPLAB_URL, else the test's baseURL. */
function serverOf(baseURL: string | undefined): string {
  const url = process.env['BMPLAB_URL'] ?? baseURL;
  if (!url) throw new Error('@bmp-lab/playwright-kit: set BMPLAB_URL (e.g. http://127.0.0.1:8080) or use.baseURL to the BMP Lab server');
  return url.replace(/\/+$/, '');
}

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Create a lab over REST (outside the fixture, e.g. for a second browser context). */
export async function createLab(request: APIRequestContext, server: string, options: LabOptions = {}): Promise<Lab> {
  const res = await request.post(`${server}/api/labs`, options.topology === undefined ? {} : { data: { topology: options.topology } });
  if (res.status() !== 201) throw new Error(`POST ${server}/api/labs: ${res.status()} ${await res.text()}`);
  const summary = (await res.json()) as LabSummary;
  const api = `${server}/api/labs/${summary.id}`;
  return {
    id: summary.id,
    server,
    url: `${server}${summary.url}`,
    summary,
    stationMessages: () => getJson(request, `${api}/station/messages?limit=10000`),
    stationRouters: () => getJson(request, `${api}/station/routers`),
    sessions: () => getJson(request, `${api}/sessions`),
    configuration: () => getJson(request, `${api}/configuration`),
    cli: ((lines: readonly string[], options: { json?: boolean; router?: string } = {}) =>
      runCli(request, `${api}/cli`, lines, options.json === true, options.router)) as Lab['cli'],
  };
}

async function runCli(request: APIRequestContext, url: string, lines: readonly string[], json: boolean, router: string | undefined): Promise<string | CliLineResult[]> {
  const res = await request.post(url, { data: router === undefined ? { lines } : { lines, router }, headers: json ? { accept: 'application/json' } : {} });
  if (!res.ok()) throw new Error(`POST ${url}: ${res.status()} ${await res.text()}`);
  return json ? ((await res.json()) as CliLineResult[]) : res.text();
}

/** Delete a lab (its sockets close); a lab already gone is fine. */
export async function deleteLab(request: APIRequestContext, lab: Pick<Lab, 'server' | 'id'>): Promise<void> {
  const res = await request.delete(`${lab.server}/api/labs/${lab.id}`);
  if (res.status() !== 204 && res.status() !== 404) throw new Error(`DELETE /api/labs/${lab.id}: ${res.status()} ${await res.text()}`);
}

/** Open a lab's page, wait for its console prompt and give the terminal the keyboard. */
export async function openLab(page: Page, lab: Pick<Lab, 'url'>, options: { timeout?: number } = {}): Promise<void> {
  await page.goto(lab.url);
  await expect.poll(() => terminalText(page), { timeout: options.timeout ?? 15_000, message: 'the lab console shows its prompt' }).toMatch(/<[^<>\n]+>\s*$/);
  await page.getByTestId(TEST_IDS.terminal).click();
}

/**
 * Create a lab from the page's browser context and open it there (what the
 * `lab` fixture does, for a test that wants a lab only on some paths, or two
 * in turn). The context then holds the lab's creator cookie, as a user's
 * browser would. The lab's id is attached to the test's report; delete it
 * with `deleteLab(page.request, lab)`.
 */
export async function openFreshLab(page: Page, options: LabOptions & { timeout?: number } = {}): Promise<Lab> {
  const lab = await createLab(page.request, serverOf(base.info().project.use.baseURL), options);
  await base
    .info()
    .attach('lab', { body: lab.id, contentType: 'text/plain' })
    .catch(() => undefined);
  await openLab(page, lab, options);
  return lab;
}

/** Type a line into the console of the lab open in `page`: `labConsole(page).run(line)`. */
export function run(page: Page, line: string, options: { timeout?: number } = {}): Promise<string> {
  return labConsole(page).run(line, options);
}

/** The console of the lab open in `page`. */
export function labConsole(page: Page): LabConsole {
  return {
    text: () => terminalText(page),
    async run(line, options = {}) {
      // Click the terminal only when it lacks the keyboard: a click would move
      // the focus away from another console tab the test has chosen.
      const focused = await page.evaluate((id) => (globalThis as unknown as InPage).document.activeElement?.closest(`[data-testid="${id}"]`) != null, TEST_IDS.terminal);
      if (!focused) await page.getByTestId(TEST_IDS.terminal).click();
      const before = (await terminalText(page)).length;
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
      let after = '';
      await expect
        .poll(
          async () => {
            after = (await terminalText(page)).slice(before);
            // The echoed line, then at least one more line that waits for the user.
            return after.includes('\n') && WAITING.test(after.slice(after.indexOf('\n') + 1));
          },
          { timeout: options.timeout ?? 10_000, message: `the console answers "${line}"` },
        )
        .toBe(true);
      const lines = after.split('\n');
      // Drop the echo (first line) and what waits for the user (last line).
      return lines.slice(1, -1).join('\n');
    },
  };
}

/** The dashboard row(s) of a BMP session (`data-testid="bmp-session"`), by address and optionally alias. */
export function sessionRows(page: Page, address: string, options: { alias?: string } = {}): Locator {
  let rows = page.getByTestId(TEST_IDS.bmpSession).and(page.locator(`[data-address="${address}"]`));
  if (options.alias !== undefined) rows = rows.and(page.locator(`[data-alias="${options.alias}"]`));
  return rows;
}

/** `await expectSession(page, '10.1.1.1').toBeUp()`: the dashboard shows the session Up (or Down), as VRP does. */
export function expectSession(page: Page, address: string, options: { alias?: string; timeout?: number } = {}) {
  const rows = sessionRows(page, address, options);
  const state = (s: 'up' | 'down') =>
    expect(rows.and(page.locator(`[data-state="${s}"]`)).first(), `BMP session ${address}${options.alias ? ` alias ${options.alias}` : ''} is ${s}`).toBeVisible({
      timeout: options.timeout ?? 15_000,
    });
  return {
    toBeUp: () => state('up'),
    toBeDown: () => state('down'),
    /** No row for this session at all (it is not configured). */
    toBeAbsent: () => expect(rows).toHaveCount(0, { timeout: options.timeout ?? 15_000 }),
  };
}

export interface BmpLabFixtures {
  /** Options for the `lab` fixture: `test.use({ labOptions: { topology } })`. */
  labOptions: LabOptions;
  /** A fresh lab, created before the test, opened in `page`, deleted after it. */
  lab: Lab;
  /** The console of that lab in `page`. */
  console: LabConsole;
}

/** Playwright's `test` with the BMP Lab fixtures. */
export const test = base.extend<BmpLabFixtures>({
  labOptions: [{}, { option: true }],
  lab: async ({ page, baseURL, labOptions }, use) => {
    // Created from the page's context, so the browser holds the creator cookie.
    const lab = await createLab(page.request, serverOf(baseURL), labOptions);
    try {
      await openLab(page, lab);
      await use(lab);
    } finally {
      await deleteLab(page.request, lab);
    }
  },
  // Depends on `lab`: the console is that of the lab open in the page.
  console: async ({ page, lab: _lab }, use) => {
    await use(labConsole(page));
  },
});

export { expect };
