import { createUser } from '../support/test-app.js';
import { DESKTOP, PHONE } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();

describe('the Markdown preview', () => {
  suite.journey('with JavaScript it shows in place and follows the typing', DESKTOP, async ({ page, visit, logIn }) => {
    await logIn((await createUser(suite.app)).username);
    await visit('/questions/ask');
    const preview = page.getByRole('region', { name: 'Preview' });
    await page.getByLabel('Details').fill('Restart the **sync** job first.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await preview.locator('strong', { hasText: 'sync' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/questions/ask');
    await page.getByLabel('Details').fill('Restart the **sync** job first, then `clear the cache`.');
    await preview.locator('code', { hasText: 'clear the cache' }).waitFor();
  });

  suite.journey('without JavaScript the Preview button brings the form back with it', PHONE, async ({ page, visit, navigate, logIn }) => {
    await logIn((await createUser(suite.app)).username);
    await visit('/questions/ask');
    await page.getByLabel('Title').fill('How do I restart the sync job?');
    await page.getByLabel('Details').fill('Restart the **sync** job first.');
    await navigate(() => page.getByRole('button', { name: 'Preview' }).click());
    await page.getByRole('region', { name: 'Preview' }).locator('strong', { hasText: 'sync' }).waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe('How do I restart the sync job?');
  }, { javaScript: false });
});
