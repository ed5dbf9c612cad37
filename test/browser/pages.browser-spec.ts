import { createUser } from '../support/test-app.js';
import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();

/** Every page that exists today, as a visitor and signed in, through the page checks. */
describe.each(VIEWPORTS)('every page at $name width ($colorScheme)', (viewport) => {
  suite.journey('passes the page checks for a visitor', viewport, async ({ visit }) => {
    const member = await createUser(suite.app, { role: 'agent', reputation: 1234 });
    // More than one page of users, so the list shows its pager.
    for (let i = 0; i < 37; i++) await createUser(suite.app);
    await visit('/');
    await visit('/login');
    await visit('/register');
    await visit('/users');
    await visit('/users?page=2');
    await visit(`/users/${member.username}`);
    await visit('/no/such/page', 404);
  });

  suite.journey('passes the page checks signed in, forms included', viewport, async ({ page, visit, navigate, logIn }) => {
    const admin = await createUser(suite.app, { role: 'admin' });
    await logIn(admin.username);
    await visit(`/users/${admin.username}`);
    await visit('/settings/tokens');
    await navigate(() => page.getByRole('button', { name: 'Create token' }).click(), 400);
    await page.getByLabel('Token name', { exact: true }).fill('Zendesk sync');
    await navigate(() => page.getByRole('button', { name: 'Create token' }).click(), 201);
    expect(await page.getByLabel('Token', { exact: true }).inputValue()).toMatch(/^ab_/);
    await visit('/settings/tokens');
    await visit('/admin/users');

    const member = await createUser(suite.app);
    await navigate(() => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }).click());
    await logIn(member.username);
    await visit('/admin/users', 403);
  });
});
