import { ServiceLevelSettingsService } from '../../src/insights/service-level-settings.service.js';
import { SERVICE_LEVEL_FIGURES } from '../../src/insights/entities/service-level-settings.entity.js';
import { askQuestion, postAnswer } from '../support/factories.js';
import { createUser, drainJobs } from '../support/test-app.js';
import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();
const HOUR = 3600_000;

beforeAll(async () => {
  // Twelve answered questions tagged billing over the last twelve days: enough to publish.
  const asker = await createUser(suite.app);
  const helper = await createUser(suite.app);
  const admin = await createUser(suite.app, { role: 'admin' });
  for (let i = 1; i <= 12; i++) {
    const askedAt = new Date(Date.now() - i * 24 * HOUR);
    const question = await askQuestion(suite.app, asker, { tags: ['billing'] });
    const answer = await postAnswer(suite.app, helper, question.id);
    await suite.app.db.query('UPDATE posts SET created_at = $1 WHERE id = $2', [askedAt, question.id]);
    await suite.app.db.query('UPDATE posts SET created_at = $1 WHERE id = $2', [new Date(askedAt.getTime() + i * HOUR), answer.id]);
  }
  await drainJobs(suite.app);
  await suite.app.app.get(ServiceLevelSettingsService).update(admin, { published: true, figures: [...SERVICE_LEVEL_FIGURES] });
}, 60_000);

describe.each(VIEWPORTS)('the service levels at $name width ($colorScheme)', (viewport) => {
  suite.journey('a visitor reads the published figures, the busy hours and the history', viewport, async ({ page, visit }) => {
    await visit('/questions');
    expect(await page.getByRole('contentinfo').getByRole('link', { name: 'Service levels' }).getAttribute('href')).toBe('/service-levels');
    // With a time zone given, the page's script leaves the address alone.
    await visit('/service-levels?tag=billing&tz=UTC');
    await page.getByRole('heading', { level: 1, name: 'Service levels' }).waitFor();
    await page.getByText('median time to a first answer').waitFor();
    await page.getByRole('table', { name: /Questions and answers by weekday and hour/ }).waitFor();
    await page.getByRole('img', { name: /Answered within target, by month/ }).waitFor();
  });

  suite.journey('an asker sees what to expect as they choose tags', viewport, async ({ page, visit, logIn }) => {
    const asker = await createUser(suite.app);
    await logIn(asker.username);
    await visit('/questions/ask');
    await page.getByLabel('Tags', { exact: true }).fill('billing');
    await page.locator('[data-response-expectation]').getByText(/Questions tagged billing usually get a first answer within/).waitFor();
  });
});
