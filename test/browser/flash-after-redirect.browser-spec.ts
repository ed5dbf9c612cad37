import { createUser, PASSWORD } from '../support/test-app.js';
import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();
const desktop = VIEWPORTS.find((v) => v.name === 'desktop')!;
/** Long enough for a redirect to be followed; a fixed app waits for the lock instead. */
const SLOW_SAVE_MS = 1_000;

/**
 * A redirect must not overtake the session save: Chromium follows a redirect as soon as its
 * headers arrive, and the next page has to read the session the form just changed (the flash, a
 * fresh login). supertest cannot see this, as it waits for the whole response; so the save is
 * slowed here by locking the session table while the form posts.
 */
describe('a flash message after a form redirect', () => {
  it('shows on the page the redirect leads to, however slowly the session is saved', async () => {
    const admin = await createUser(suite.app, { role: 'admin' });
    const member = await createUser(suite.app);
    const { context, page } = await suite.openPage(desktop);
    const lock = suite.app.db.createQueryRunner();
    try {
      await page.goto('/login');
      await page.getByLabel('Username', { exact: true }).fill(admin.username);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log in' }).click()]);
      await page.goto('/admin/users');
      await page.getByLabel(`Role of ${member.username}`, { exact: true }).selectOption('moderator');

      // Session writes wait for the lock; reads go on, as on a busy database.
      await lock.connect();
      await lock.startTransaction();
      await lock.query('LOCK TABLE session IN EXCLUSIVE MODE');
      const followed = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/admin/users');
      const loaded = page.waitForEvent('load');
      await page.getByRole('button', { name: `Save role of ${member.username}`, exact: true }).click({ noWaitAfter: true });
      await Promise.race([followed, new Promise((resolve) => setTimeout(resolve, SLOW_SAVE_MS))]);
      await lock.commitTransaction();
      await loaded;

      expect((await page.getByRole('status').allTextContents()).join(' ')).toContain(`${member.username} is now a moderator.`);
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
      await context.close();
    }
  });
});
