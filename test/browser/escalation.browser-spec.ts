import request from 'supertest';
import { EscalationsService } from '../../src/integrations/escalations.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { askQuestion } from '../support/factories.js';
import { httpReceiver, type HttpReceiver } from '../support/http-receiver.js';
import { createUser, drainJobs } from '../support/test-app.js';
import { signed } from '../e2e/integrations/support.js';
import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

// The test's helpdesk listens on 127.0.0.1, so private targets are allowed in this suite.
const suite = useBrowserSuite({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
let helpdesk: HttpReceiver;
let secret: string;

beforeAll(async () => {
  helpdesk = await httpReceiver();
  const admin = await createUser(suite.app, { role: 'admin' });
  const actor = await suite.app.app.get(UsersService).getById(admin.id);
  const connector = await suite.app.app.get(EscalationsService).configure(actor, { mode: 'webhook', url: `${helpdesk.url}/tickets` });
  secret = connector.newSecret!;
});
afterAll(() => helpdesk.close());

describe.each(VIEWPORTS)('escalation to support at $name width ($colorScheme)', (viewport) => {
  suite.journey('an agent escalates a thread, the helpdesk resolves it, the agent publishes the answer and the asker sees it', viewport, async (journey) => {
    const { page } = journey;
    const asker = await createUser(suite.app);
    const agent = await createUser(suite.app, { role: 'agent' });
    const title = `Refund never arrived on my card ${viewport.name}`;
    const question = await askQuestion(suite.app, asker, { title, tags: ['billing'] });
    await drainJobs(suite.app);

    await journey.logIn(agent.username);
    await journey.visit(`/questions/${question.id}/${question.slug}`);
    await journey.navigate(() => page.getByRole('button', { name: 'Escalate to support' }).click());
    expect(await page.getByRole('heading', { name: `Support ticket AB-${question.id}` }).isVisible()).toBe(true);

    // The helpdesk gets the ticket, and answers through the signed callback.
    await drainJobs(suite.app);
    const ticket = JSON.parse(helpdesk.requests.find((r) => r.body.includes(`"AB-${question.id}"`))!.body);
    const callback = new URL(ticket.callbackUrl).pathname;
    const resolution = signed(secret, { resolution: 'The refund was held by the bank for a security check; it is released now and arrives within 3 working days.' });
    await request(suite.app.http).post(callback).set('Content-Type', 'application/json').set('AnswerBase-Signature', resolution.header).send(resolution.body).expect(200);

    await journey.visit(`/questions/${question.id}/${question.slug}`);
    const draft = page.getByLabel(/The support desk's resolution/);
    expect(await draft.inputValue()).toContain('held by the bank');
    await draft.fill(`${await draft.inputValue()} Sorry for the wait!`);
    await journey.navigate(() => page.getByRole('button', { name: 'Publish as verified answer' }).click());
    const published = page.getByRole('article', { name: `Answer by ${agent.username}` });
    expect(await published.getByText('Verified by support').isVisible()).toBe(true);

    const reader = await suite.openPage(viewport);
    try {
      await reader.page.goto('/login');
      await reader.page.getByLabel('Username', { exact: true }).fill(asker.username);
      await reader.page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
      await Promise.all([reader.page.waitForEvent('load'), reader.page.getByRole('button', { name: 'Log in' }).click()]);
      await reader.page.goto(`/questions/${question.id}/${question.slug}`);
      const answer = reader.page.getByRole('article', { name: `Answer by ${agent.username}` });
      expect(await answer.getByText('Sorry for the wait!').isVisible()).toBe(true);
      expect(await answer.getByText('Verified by support').isVisible()).toBe(true);
      expect(await reader.page.getByText(`AB-${question.id}`).count()).toBe(0);
      expect(await reader.monitor.audit(viewport)).toEqual([]);
    } finally {
      await reader.context.close();
    }
  });
});
