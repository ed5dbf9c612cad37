import { currentCode } from '../../src/accounts/two-factor/totp.js';
import { createUser, PASSWORD } from '../support/test-app.js';
import { DESKTOP } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { mainMenu } from './support/controls.js';

const suite = useBrowserSuite();

describe.each([DESKTOP])('a staff member at $name width ($colorScheme)', (viewport) => {
  suite.journey('enrols two-factor from the key shown on the page, signs out, and signs back in with a code', viewport, async ({ page, visit, navigate, logIn }) => {
    const staff = await createUser(suite.app, { role: 'agent' });
    await logIn(staff.username);

    await visit('/settings/two-factor');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Set up two-factor authentication');
    expect(await page.getByRole('img', { name: /QR code/ }).isVisible()).toBe(true);
    // Nothing is scanned: the key written under the QR code is what a person would type into their app.
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel('Code from the app').fill(currentCode(secret));
    await navigate(() => page.getByRole('button', { name: 'Turn on two-factor authentication' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your recovery codes');
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);

    await navigate(async () => (await mainMenu(page)).getByRole('button', { name: 'Log out' }).click());
    expect(await (await mainMenu(page)).getByRole('button', { name: 'Log out' }).count()).toBe(0);

    await visit('/login');
    await page.getByLabel('Username', { exact: true }).fill(staff.username);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await navigate(() => page.getByRole('button', { name: 'Log in' }).click());
    expect(new URL(page.url()).pathname).toBe('/login/two-factor');
    expect(await (await mainMenu(page)).getByRole('button', { name: 'Log out' }).count()).toBe(0);

    // The code of the next half minute: the one used to enrol works only once.
    await page.getByLabel('Code', { exact: true }).fill(currentCode(secret, Date.now() + 30_000));
    await navigate(() => page.getByRole('button', { name: 'Verify' }).click());
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('status').textContent()).toContain(`Welcome back, ${staff.username}.`);
    expect(await (await mainMenu(page)).getByRole('link', { name: staff.username }).isVisible()).toBe(true);
  });
});
