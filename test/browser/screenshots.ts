/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../src/demo/demo-seed.js';
import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

/**
 * `npm run screenshots`: PNGs of the main pages in docs/screenshots/, at desktop and phone
 * width, light and dark, on the demo community. Add a page with one line here.
 */
const PAGES: { name: string; path: string; signedInAs?: string }[] = [
  { name: 'questions', path: '/questions' },
  { name: 'thread', path: '/questions/1' },
  { name: 'ask', path: '/questions/ask', signedInAs: 'ada' },
  { name: 'search', path: '/search?q=export+invoices' },
  { name: 'article', path: '/kb/how-do-i-export-all-invoices-from-last-year-as-csv-1' },
  { name: 'profile', path: '/users/sam_support' },
  { name: 'users', path: '/users?period=all' },
  { name: 'moderation-queue', path: '/mod/queue', signedInAs: 'morgan_mod' },
  { name: 'insights', path: '/insights', signedInAs: 'morgan_mod' },
  { name: 'service-levels', path: '/service-levels?tz=UTC' },
  { name: 'login', path: '/login' },
  { name: 'admin-users', path: '/admin/users', signedInAs: 'admin' },
];

const SCHEMES = ['light', 'dark'] as const;
const OUT_DIR = join(PROJECT_ROOT, 'docs', 'screenshots');
/** Long pages are cut here: the top of a page says what it looks like, and the PNGs stay small. */
const MAX_HEIGHT = 1_600;

const suite = useBrowserSuite();

beforeAll(async () => {
  await seedDemoIfEmpty(suite.app.app, pino({ level: 'silent' }));
  mkdirSync(OUT_DIR, { recursive: true });
}, 60_000);

describe.each(PAGES)('screenshots of $name', ({ name, path, signedInAs }) => {
  it.each(VIEWPORTS.flatMap((viewport) => SCHEMES.map((colorScheme) => ({ ...viewport, colorScheme }))))(
    `${path} at $name width, $colorScheme`,
    async (viewport) => {
      const { context, page } = await suite.openPage(viewport);
      try {
        if (signedInAs) {
          await page.goto('/login');
          await page.getByLabel('Username', { exact: true }).fill(signedInAs);
          await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
          await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log in' }).click()]);
        }
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), MAX_HEIGHT);
        const file = join(OUT_DIR, `${name}-${viewport.name}-${viewport.colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height }, animations: 'disabled' });
      } finally {
        await context.close();
      }
    },
  );
});
