import { createUser, PASSWORD, uniqueName } from '../support/test-app.js';
import { DESKTOP, PHONE } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { mainMenu } from './support/controls.js';

// SMTP is configured (so addresses must be confirmed); nothing is sent, because jobs are not drained here.
const suite = useBrowserSuite({ SMTP_URL: 'smtp://127.0.0.1:9' });

describe.each([PHONE])('account pages at $name width ($colorScheme)', (viewport) => {
  suite.journey('signs up, is told to confirm the address, visits account, sessions, password, address and privacy pages, then asks for a reset', viewport, async (journey) => {
    const { page } = journey;
    const username = uniqueName('settler');
    await journey.visit('/register');
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('E-mail', { exact: true }).fill(`${username}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await journey.navigate(() => page.getByRole('button', { name: 'Create account' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your e-mail');

    await journey.logIn(username);
    expect(await page.getByText('Please confirm your e-mail address').isVisible()).toBe(true);
    await journey.navigate(async () => (await mainMenu(page)).getByRole('link', { name: 'Account' }).click());
    expect(await page.getByText('not confirmed yet').isVisible()).toBe(true);

    await journey.navigate(() => page.getByRole('link', { name: 'Your sessions' }).click());
    expect(await page.getByText('(this browser)').isVisible()).toBe(true);

    await journey.navigate(() => page.getByRole('link', { name: 'change your password' }).click());
    await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('another long password');
    await journey.navigate(() => page.getByRole('button', { name: 'Change the password' }).click());
    expect(await page.getByRole('status').first().textContent()).toContain('Your password was changed.');

    await journey.visit('/settings/email');
    await journey.visit('/settings/privacy');
    expect(await page.getByRole('button', { name: 'Delete my account' }).isVisible()).toBe(true);

    await journey.navigate(async () => (await mainMenu(page)).getByRole('button', { name: 'Log out' }).click());
    await journey.visit('/login');
    await journey.navigate(() => page.getByRole('link', { name: 'Forgot your password?' }).click());
    await page.getByLabel('E-mail', { exact: true }).fill(`${username}@example.com`);
    await journey.navigate(() => page.getByRole('button', { name: 'Send the link' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your e-mail');
  });
});

describe.each([DESKTOP])('the security log at $name width ($colorScheme)', (viewport) => {
  suite.journey('an admin filters the security log by member and event', viewport, async (journey) => {
    const { page } = journey;
    const admin = await createUser(suite.app, { role: 'admin' });
    await journey.logIn(admin.username);
    await journey.visit('/admin/users');
    await journey.navigate(() => page.getByRole('link', { name: 'security log' }).click());
    await page.getByLabel('Member', { exact: true }).fill(admin.username);
    await page.getByRole('combobox', { name: 'Event' }).selectOption('sign-in');
    await journey.navigate(() => page.getByRole('button', { name: 'Filter' }).click());
    expect(await page.getByRole('cell', { name: 'sign-in', exact: true }).count()).toBeGreaterThan(0);
  });
});
