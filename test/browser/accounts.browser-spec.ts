import type { Locator, Page } from 'playwright-core';
import { PASSWORD, uniqueName } from '../support/test-app.js';
import { PHONE } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { accessibleDescription, mainMenu } from './support/controls.js';

const suite = useBrowserSuite();

const mainNav = (page: Page) => mainMenu(page);

/** The message sits under its field, lined up with it, before the form's next control. */
async function expectBeside(field: Locator, message: Locator, next: Locator): Promise<void> {
  const [f, m, n] = await Promise.all([field.boundingBox(), message.boundingBox(), next.boundingBox()]);
  if (!f || !m || !n) throw new Error('The field, its message or the next control is not shown');
  expect(m.y).toBeGreaterThanOrEqual(f.y + f.height);
  expect(m.y + m.height).toBeLessThanOrEqual(n.y);
  expect(Math.abs(m.x - f.x)).toBeLessThan(2);
}

/** On a phone: every step goes through the compact header's menu. */
describe.each([PHONE])('a newcomer at $name width ($colorScheme)', (viewport) => {
  suite.journey('registers, is welcomed, logs out and logs back in; a short password is explained beside the field', viewport, async ({ page, visit, navigate }) => {
    const username = uniqueName('newcomer');
    await visit('/');
    await navigate(async () => (await mainNav(page)).getByRole('button', { name: 'Sign up' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Create an account');

    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('E-mail', { exact: true }).fill(`${username}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await navigate(() => page.getByRole('button', { name: 'Create account' }).click(), 400);

    const password = page.getByLabel('Password', { exact: true });
    const message = 'Passwords are at least 10 characters long.';
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibleDescription(password)).toContain(message);
    await expectBeside(password, page.getByText(message), page.getByRole('button', { name: 'Create account' }));
    expect(await page.getByLabel('Username', { exact: true }).inputValue()).toBe(username);
    expect(await password.inputValue()).toBe('');

    await password.fill(PASSWORD);
    await navigate(() => page.getByRole('button', { name: 'Create account' }).click());
    expect(await page.getByRole('status').textContent()).toContain(`Welcome to AnswerBase, ${username}!`);
    expect(await (await mainNav(page)).getByRole('link', { name: username }).isVisible()).toBe(true);

    await navigate(async () => (await mainNav(page)).getByRole('button', { name: 'Log out' }).click());
    expect(await (await mainNav(page)).getByRole('button', { name: 'Log out' }).count()).toBe(0);

    await navigate(async () => (await mainNav(page)).getByRole('link', { name: 'Log in' }).click());
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await navigate(() => page.getByRole('button', { name: 'Log in' }).click());
    expect(await page.getByRole('status').textContent()).toContain(`Welcome back, ${username}.`);
    expect(await (await mainNav(page)).getByRole('link', { name: username }).isVisible()).toBe(true);
  });
});
