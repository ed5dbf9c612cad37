import { createUser } from '../support/test-app.js';
import { DESKTOP } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();

describe.each([DESKTOP])('an admin at $name width ($colorScheme)', (viewport) => {
  suite.journey("changes a member's role on the admin page", viewport, async ({ page, navigate, logIn }) => {
    const admin = await createUser(suite.app, { role: 'admin' });
    const member = await createUser(suite.app);
    await logIn(admin.username);
    await navigate(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Manage members');

    const role = page.getByLabel(`Role of ${member.username}`, { exact: true });
    expect(await role.inputValue()).toBe('member');
    await role.selectOption('moderator');
    await navigate(() => page.getByRole('button', { name: `Save role of ${member.username}`, exact: true }).click());
    expect(await page.getByRole('status').textContent()).toContain(`${member.username} is now a moderator.`);
    expect(await page.getByLabel(`Role of ${member.username}`, { exact: true }).inputValue()).toBe('moderator');

    await navigate(() => page.getByRole('main').getByRole('link', { name: member.username, exact: true }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(member.username);
    expect(await page.getByRole('main').getByText('moderator', { exact: true }).isVisible()).toBe(true);
  });
});
