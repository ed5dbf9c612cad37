import { SuperUsersService } from '../../src/badges/super-users.service.js';
import { BadgesService } from '../../src/badges/badges.service.js';
import { askQuestion, postAnswer } from '../support/factories.js';
import { createUser, drainJobs } from '../support/test-app.js';
import { insertAcceptedAnswers } from '../e2e/badges/support.js';
import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();

/** The badge pages, the marks beside names and the super-user queue, through the page checks. */
describe.each(VIEWPORTS)('badges at $name width ($colorScheme)', (viewport) => {
  suite.journey('passes the page checks: catalogue, holders, member badges, marks, award form and the super-user queue', viewport, async ({ page, visit, navigate, logIn }) => {
    const t = suite.app;
    const moderator = await createUser(t, { role: 'moderator' });
    const asker = await createUser(t, { reputation: 200 });
    const star = await createUser(t, { reputation: 1500 });
    const question = await askQuestion(t, asker);
    await postAnswer(t, star, question.id);
    await insertAcceptedAnswers(t, star.id, asker.id, 20);
    await drainJobs(t);
    await t.app.get(BadgesService).award(moderator, star.username, 'super-user', 'For the browser checks');
    const candidate = await createUser(t, { reputation: 1200 });
    await insertAcceptedAnswers(t, candidate.id, asker.id, 20);
    await t.app.get(SuperUsersService).nominate([candidate.id]);

    await visit('/badges');
    await visit('/badges/helper');
    await visit(`/users/${star.username}/badges`);
    await visit(`/questions/${question.id}/${question.slug}`);

    await logIn(moderator.username);
    await visit('/admin/super-users');
    await visit(`/users/${candidate.username}/badges/award`);
    await page.getByLabel('Badge', { exact: true }).selectOption('guru');
    await navigate(() => page.getByRole('button', { name: 'Award' }).click(), 400);
    await page.getByLabel('Reason', { exact: true }).fill('Carried the outage threads');
    await navigate(() => page.getByRole('button', { name: 'Award' }).click());
  });
});
