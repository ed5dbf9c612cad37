import { askQuestion } from '../support/factories.js';
import { createUser } from '../support/test-app.js';
import { PHONE, VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { mainMenu } from './support/controls.js';

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
    await visit('/settings/two-factor');
    await visit('/admin/sign-in');

    const member = await createUser(suite.app);
    await navigate(async () => (await mainMenu(page)).getByRole('button', { name: 'Log out' }).click());
    await logIn(member.username);
    await visit('/admin/users', 403);
  });
});

/** The phone header is one compact row: the page's title is on the first screen, the menu is a disclosure. */
describe.each([PHONE])('the header at $name width ($colorScheme)', (viewport) => {
  suite.journey(
    'leaves the page title within the first 640 px, signed in with every link, and opens its menu without JavaScript',
    viewport,
    async ({ page, visit, logIn }) => {
      const admin = await createUser(suite.app, { role: 'admin' });
      const question = await askQuestion(suite.app, admin, { title: 'Our invoices show the wrong VAT number after we moved the company to another country' });
      const titleWithin = async (limit: number) => {
        const box = await page.getByRole('heading', { level: 1 }).boundingBox();
        if (!box) throw new Error(`No page title on ${page.url()}`);
        expect(box.y + box.height).toBeLessThanOrEqual(limit);
      };
      await logIn(admin.username);
      for (const path of ['/questions', `/questions/${question.id}/${question.slug}`, '/kb', `/users/${admin.username}`]) {
        await visit(path);
        await titleWithin(640);
      }
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Admin' }).isVisible()).toBe(false);
      await nav.getByText('Menu', { exact: true }).click();
      for (const name of ['Questions', 'Knowledge base', 'Search', 'Users', 'Admin', 'Review', 'Queue', 'Insights', 'Notifications']) {
        expect(await nav.getByRole('link', { name, exact: true }).isVisible()).toBe(true);
      }
      expect(await nav.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
    },
    { javaScript: false },
  );
});
