import type { Page } from 'playwright-core';
import { PASSWORD, uniqueName } from '../support/test-app.js';
import { DESKTOP } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { expectVisibleFocus, isFocused, tabTo } from './support/controls.js';

const suite = useBrowserSuite();

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** One Tab, and the focus must land on the next field of the form, in reading order. */
async function tabToNext(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page);
  expect(await isFocused(page.getByLabel(label, { exact: true }))).toBe(true);
}

describe.each([DESKTOP])('a keyboard user at $name width ($colorScheme)', (viewport) => {
  suite.journey('registers, logs out, logs in and asks a question with Tab, typing and Enter alone', viewport, async ({ page, visit, navigate }) => {
    const username = uniqueName('keys');
    await visit('/');
    await tabTo(page, mainNav(page).getByRole('button', { name: 'Sign up' }));
    await navigate(() => page.keyboard.press('Enter'));

    // The first Tab offers the skip link; following it, the next Tab is in the form, past the navigation.
    await page.keyboard.press('Tab');
    expect(await isFocused(page.getByRole('link', { name: 'Skip to content' }))).toBe(true);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await tabToNext(page, 'Username');
    await page.keyboard.type(username);
    await tabToNext(page, 'E-mail');
    await page.keyboard.type(`${username}@example.com`);
    await tabToNext(page, 'Password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    expect(await isFocused(page.getByRole('button', { name: 'Create account' }))).toBe(true);
    await navigate(() => page.keyboard.press('Enter'));
    expect(await page.getByRole('status').textContent()).toContain(`Welcome to AnswerBase, ${username}!`);

    await tabTo(page, mainNav(page).getByRole('button', { name: 'Log out' }));
    await navigate(() => page.keyboard.press('Enter'));

    await tabTo(page, mainNav(page).getByRole('link', { name: 'Log in' }));
    await navigate(() => page.keyboard.press('Enter'));
    await tabTo(page, page.getByLabel('Username', { exact: true }));
    await page.keyboard.type(username);
    await tabToNext(page, 'Password');
    await page.keyboard.type(PASSWORD);
    await navigate(() => page.keyboard.press('Enter'));
    expect(await page.getByRole('status').textContent()).toContain(`Welcome back, ${username}.`);

    // The ask flow, still with the keyboard alone.
    await tabTo(page, page.getByRole('main').getByRole('button', { name: 'Ask a question' }).first());
    await navigate(() => page.keyboard.press('Enter'));
    await tabTo(page, page.getByLabel('Title', { exact: true }));
    const title = `Keyboard only question about docking stations ${viewport.name}`;
    await page.keyboard.type(title);
    await tabToNext(page, 'Details');
    await page.keyboard.type('My docking station stops charging the laptop after an hour. What should I check first?');
    // The editor's formatting help comes next, then the tags.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Formatting help');
    await tabToNext(page, 'Tags');
    await page.keyboard.type('docking hardware');
    await tabTo(page, page.getByRole('button', { name: 'Post your question' }));
    await navigate(() => page.keyboard.press('Enter'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  });
});
