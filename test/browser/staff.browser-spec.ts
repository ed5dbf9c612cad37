import { askQuestion, postAnswer } from '../support/factories.js';
import { createUser, drainJobs, PASSWORD } from '../support/test-app.js';
import { DESKTOP } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { mainMenu } from './support/controls.js';

const suite = useBrowserSuite();

describe.each([DESKTOP])('support staff at $name width ($colorScheme)', (viewport) => {
  suite.journey('an agent works the unanswered queue, verifies an answer and promotes it to an article a visitor reads', viewport, async (journey) => {
    const { page } = journey;
    const asker = await createUser(suite.app);
    const helper = await createUser(suite.app);
    const agent = await createUser(suite.app, { role: 'agent' });
    const title = `Print queue stuck on deleting ${viewport.name}`;
    const question = await askQuestion(suite.app, asker, { title, tags: ['printing'] });
    await suite.app.db.query(`UPDATE posts SET created_at = now() - interval '2 days' WHERE id = $1`, [question.id]);
    await postAnswer(suite.app, helper, question.id, 'Stop the Print Spooler service, empty the spool folder, then start the service again.');
    await drainJobs(suite.app);

    await journey.logIn(agent.username);
    await journey.visit('/agent/queue');
    await journey.navigate(() => page.getByRole('row', { name: new RegExp(title) }).getByRole('button', { name: /Claim/ }).click());
    expect(await page.getByRole('row', { name: new RegExp(title) }).getByText('You', { exact: true }).isVisible()).toBe(true);

    await journey.navigate(() => page.getByRole('link', { name: title, exact: true }).click());
    const answer = page.getByRole('article', { name: `Answer by ${helper.username}` });
    await journey.navigate(() => answer.getByRole('button', { name: 'Mark verified by support' }).click());
    expect(await page.getByRole('article', { name: `Answer by ${helper.username}` }).getByText('Verified by support').isVisible()).toBe(true);
    await journey.navigate(() => page.getByRole('article', { name: `Answer by ${helper.username}` }).getByRole('button', { name: 'Promote to knowledge base' }).click());
    await journey.navigate(() => page.getByRole('button', { name: 'Publish', exact: true }).click());
    const articlePath = new URL(page.url()).pathname;

    const visitor = await suite.openPage(viewport);
    try {
      await visitor.page.goto(articlePath);
      expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
      expect(await visitor.page.getByText('Based on a community answer by').isVisible()).toBe(true);
      expect(await visitor.monitor.audit(viewport)).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });

  suite.journey('a moderator deletes a flagged post from the review queue and suspends its author, who then cannot post', viewport, async (journey) => {
    const { page } = journey;
    const spammer = await createUser(suite.app);
    const flagger = await createUser(suite.app, { reputation: 50 });
    const moderator = await createUser(suite.app, { role: 'moderator' });
    const title = `Cheap watches in my shop today ${viewport.name}`;
    const question = await askQuestion(suite.app, spammer, { title, body: 'Visit my shop for the cheapest watches, every day, all day long.' });
    // A member flags it from the thread page: a link to the flag form, then back to the thread.
    await journey.logIn(flagger.username);
    await journey.visit(`/questions/${question.id}/${question.slug}`);
    await journey.navigate(() => page.getByRole('link', { name: 'Flag this post' }).first().click());
    await page.getByLabel('Spam', { exact: true }).check();
    await journey.navigate(() => page.getByRole('button', { name: 'Send flag' }).click());
    expect(await page.getByText('Thanks. A moderator will review your flag.').count()).toBe(1);
    await journey.navigate(async () => (await mainMenu(page)).getByRole('button', { name: 'Log out' }).click());

    await journey.logIn(moderator.username);
    await journey.navigate(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review', exact: true }).click());
    const item = page.getByRole('article', { name: new RegExp(title) });
    await item.getByLabel('If deleting, it is').selectOption('spam');
    await item.getByLabel(/Reason/).fill('Advertising');
    await journey.navigate(() => item.getByRole('button', { name: 'Delete', exact: true }).click());
    expect(await page.getByRole('article', { name: new RegExp(title) }).count()).toBe(0);

    await journey.visit(`/mod/users/${spammer.username}`);
    await page.getByLabel('Days', { exact: true }).fill('7');
    await page.getByLabel(/^Reason/).fill('Advertising in questions');
    await journey.navigate(() => page.getByRole('button', { name: 'Suspend', exact: true }).click());

    const suspended = await suite.openPage(viewport);
    try {
      await suspended.page.goto('/login');
      await suspended.page.getByLabel('Username', { exact: true }).fill(spammer.username);
      await suspended.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await Promise.all([suspended.page.waitForEvent('load'), suspended.page.getByRole('button', { name: 'Log in' }).click()]);
      await suspended.page.goto('/questions/ask');
      await suspended.page.getByLabel('Title', { exact: true }).fill('One more cheap watch question for everyone');
      await suspended.page.getByLabel('Details', { exact: true }).fill('Another advertisement that should never be posted here at all.');
      await suspended.page.getByLabel('Tags', { exact: true }).fill('watches');
      await Promise.all([suspended.page.waitForEvent('load'), suspended.page.getByRole('button', { name: 'Post your question' }).click()]);
      expect(await suspended.page.getByRole('main').textContent()).toMatch(/suspended until \d{4}-\d{2}-\d{2}/);
      const [{ count }] = await suite.app.db.query(`SELECT count(*)::int AS count FROM posts WHERE author_id = $1 AND deleted_at IS NULL`, [spammer.id]);
      expect(count).toBe(0);
    } finally {
      await suspended.context.close();
    }
  });
});
