import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, startTestApp, type TestApp } from '../../support/test-app.js';
import { launchBrowser, type Viewport } from './browser.js';
import { PageMonitor } from './page-audit.js';

/** Generous: a journey visits several pages and audits each. */
export const JOURNEY_TIMEOUT_MS = 90_000;
const SUITE_TIMEOUT_MS = 60_000;
/** How long one Playwright action or wait may take before the journey fails with its name. */
const ACTION_TIMEOUT_MS = 10_000;

/** What a journey's steps get: the page, and ways to go somewhere that audit where they land. */
export interface Journey {
  page: Page;
  /** Opens a path and audits the page it lands on. */
  visit(path: string, status?: number): Promise<void>;
  /** Does something that loads a new page (follows a link, submits a form) and audits that page. */
  navigate(action: () => Promise<unknown>, status?: number): Promise<void>;
  /** Signs in through the login form. */
  logIn(username: string, password?: string): Promise<void>;
}

export interface BrowserSuite {
  /** The app under test, for the factories in test/support/test-app.ts. */
  readonly app: TestApp;
  /** The app's address, e.g. http://127.0.0.1:41234. */
  readonly baseURL: string;
  /** Registers one test: a fresh browser context at the viewport, audited on every page. */
  journey(name: string, viewport: Viewport, run: (journey: Journey) => Promise<void>, options?: ContextOptions): void;
  /** A page in a fresh context with its monitor, for tests of the checks themselves; close the context. */
  openPage(viewport: Viewport, options?: ContextOptions): Promise<{ context: BrowserContext; page: Page; monitor: PageMonitor }>;
}

export interface ContextOptions {
  /**
   * false: the app's own scripts never run, as for a reader without JavaScript. (The browser
   * itself keeps JavaScript on, because the page checks run inside the page.)
   */
  javaScript?: boolean;
}

/**
 * One browser suite: the real app on its own database and a free port, one Chromium,
 * and a fresh context (no cookies, no storage) for every journey. Call at the top of a spec file.
 */
export function useBrowserSuite(env: Record<string, string> = {}): BrowserSuite {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL = '';

  beforeAll(async () => {
    t = await startTestApp(env);
    await t.app.listen(0, '127.0.0.1');
    baseURL = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, SUITE_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, SUITE_TIMEOUT_MS);

  const suite: BrowserSuite = {
    get app() {
      if (!t) throw new Error('The app starts in beforeAll: use suite.app inside a journey.');
      return t;
    },
    get baseURL() {
      return baseURL;
    },
    async openPage(viewport, options = {}) {
      const context = await browser!.newContext({
        baseURL,
        viewport: { width: viewport.width, height: viewport.height },
        colorScheme: viewport.colorScheme,
      });
      if (options.javaScript === false) {
        await context.route('**/static/*.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
      }
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      const page = await context.newPage();
      return { context, page, monitor: await PageMonitor.attach(page) };
    },
    journey(name, viewport, run, options) {
      it(
        name,
        async () => {
          const { context, page, monitor } = await suite.openPage(viewport, options);
          try {
            await run(makeJourney(page, monitor, viewport));
            expect({ notAudited: monitor.unauditedPages(), errors: monitor.takeErrors() }).toEqual({ notAudited: [], errors: [] });
          } catch (error) {
            throw await withScreenshot(error, page, `${name} ${viewport.name}`);
          } finally {
            await context.close();
          }
        },
        JOURNEY_TIMEOUT_MS,
      );
    },
  };
  return suite;
}

/** Adds to a failure a screenshot of where the journey stood. */
async function withScreenshot(error: unknown, page: Page, name: string): Promise<unknown> {
  if (!(error instanceof Error) || page.isClosed()) return error;
  const file = join(tmpdir(), 'answerbase-browser-failures', `${name.replace(/[^\w-]+/g, '-').slice(0, 80)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
    error.message += `\n\nThe page at ${page.url()} when it failed: ${file}`;
  } catch {
    // The failure itself matters more than its picture.
  }
  return error;
}

function makeJourney(page: Page, monitor: PageMonitor, viewport: Viewport): Journey {
  async function landed(what: string, status: number): Promise<void> {
    if (monitor.documentStatus !== status) {
      throw new Error(`${what} showed ${page.url()} with status ${monitor.documentStatus}, expected ${status}`);
    }
    expect(await monitor.audit(viewport)).toEqual([]);
  }

  const journey: Journey = {
    page,
    async visit(path, status = 200) {
      await page.goto(path);
      await landed(`Opening ${path}`, status);
    },
    async navigate(action, status = 200) {
      await Promise.all([page.waitForEvent('load'), action()]);
      await landed('The step', status);
    },
    async logIn(username, password = PASSWORD) {
      await journey.visit('/login');
      await page.getByLabel('Username', { exact: true }).fill(username);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await journey.navigate(() => page.getByRole('button', { name: 'Log in' }).click());
    },
  };
  return journey;
}
