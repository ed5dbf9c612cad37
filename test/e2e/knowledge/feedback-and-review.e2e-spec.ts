import request from 'supertest';
import { AnswersService } from '../../../src/threads/answers.service.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { promoted, published, type TestUser } from './support.js';

describe('helpfulness and the knowledge queue', () => {
  let t: TestApp;
  let agent: TestUser;
  let agentToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    agent = await createUser(t, { role: 'agent' });
    agentToken = await tokenFor(t, agent.username);
  });
  afterAll(() => t.close());

  const counts = async (id: number) => (await request(t.http).get(`/api/v1/articles/${id}`).set('Authorization', `Bearer ${agentToken}`).expect(200)).body.helpful;

  it('takes one answer per reader, changeable, for members and anonymous readers alike', async () => {
    const { article } = await published(t, agent);
    const memberUser = await createUser(t);
    const member = await signedInAgent(t, memberUser.username);
    const page = `/kb/${article.slug}`;

    // A member answers yes twice, then changes to no: still one answer.
    for (const helpful of ['yes', 'yes', 'no']) {
      const res = await member.post(`/kb/articles/${article.id}/feedback`).type('form').send({ helpful, _csrf: await csrfOf(member, page) }).expect(302);
      expect(res.headers.location).toBe(`${page}#feedback`);
    }
    expect(await counts(article.id)).toEqual({ yes: 0, no: 1 });
    const memberView = (await member.get(page).expect(200)).text;
    expect(memberView).toContain('You answered no.');
    expect(memberView).toContain('value="no" class="small" aria-pressed="true"');
    expect(memberView).not.toContain('helpful: 0 yes'); // counts are for agents

    // The same member through the API is the same reader.
    const memberToken = await tokenFor(t, memberUser.username);
    await request(t.http).post(`/api/v1/articles/${article.id}/feedback`).set('Authorization', `Bearer ${memberToken}`).send({ helpful: true }).expect(200);
    expect(await counts(article.id)).toEqual({ yes: 1, no: 0 });

    // An anonymous reader, known by address and browser without a cookie: the page form and the API agree.
    const anonymous = request.agent(t.http);
    const anonymousPage = (await anonymous.get(page).set('User-Agent', 'reader-one').expect(200)).text;
    expect(anonymousPage).toContain('Was this helpful?');
    await anonymous.post(`/kb/articles/${article.id}/feedback`).set('User-Agent', 'reader-one').type('form').send({ helpful: 'yes', _csrf: await csrfOf(anonymous, page) }).expect(302);
    await request(t.http).post(`/api/v1/articles/${article.id}/feedback`).set('User-Agent', 'reader-one').send({ helpful: false }).expect(200);
    await request(t.http).post(`/api/v1/articles/${article.id}/feedback`).set('User-Agent', 'reader-two').send({ helpful: false }).expect(200);
    expect(await counts(article.id)).toEqual({ yes: 1, no: 2 });

    // Agents see the counts on the page.
    const staff = await signedInAgent(t, agent.username);
    expect((await staff.get(page).expect(200)).text).toContain('helpful: 1 yes, 2 no');
  });

  it('takes no ratings of drafts and refuses bad answers', async () => {
    const { article } = await promoted(t, agent);
    await request(t.http).post(`/api/v1/articles/${article.id}/feedback`).send({ helpful: true }).expect(404);
    await request(t.http).post(`/api/v1/articles/${article.id}/feedback`).set('Authorization', `Bearer ${agentToken}`).send({ helpful: true }).expect(422);
    await request(t.http).post(`/api/v1/articles/${article.id}/feedback`).set('Authorization', `Bearer ${agentToken}`).send({}).expect(400);
    const { article: live } = await published(t, agent);
    const member = await signedInAgent(t, (await createUser(t)).username);
    await member.post(`/kb/articles/${live.id}/feedback`).type('form').send({ helpful: 'perhaps', _csrf: await csrfOf(member, `/kb/${live.slug}`) }).expect(400);
  });

  it('marks the article "source changed" when its answer is edited after promotion, and clears the mark on review', async () => {
    const { article, answer, answerer } = await published(t, agent, { answer: 'Restart the sync service from Settings, then sign in again to refresh the token.' });
    const staff = await signedInAgent(t, agent.username);
    await t.app.get(AnswersService).edit(answerer, answer.id, { body: 'Restart the sync service from Settings, then sign out and in again to refresh the token.' });
    await drainJobs(t);

    const { body } = await request(t.http).get(`/api/v1/articles/${article.id}`).set('Authorization', `Bearer ${agentToken}`).expect(200);
    expect(body.source).toMatchObject({ revision: 1, changed: true });
    expect((await staff.get(`/kb/${article.slug}`).expect(200)).text).toContain('Source changed: the answer this article came from was edited after revision 1.');

    const queue = (await staff.get('/kb/review').expect(200)).text;
    const item = queue.slice(queue.indexOf(`id="changed-${article.id}"`));
    expect(item).toContain('changed from revision 1 to revision 2');
    expect(item).toContain('then sign <ins>out and </ins>in again');
    const { body: apiQueue } = await request(t.http).get('/api/v1/kb/review').set('Authorization', `Bearer ${agentToken}`).expect(200);
    expect(apiQueue.sourceChanged.map((a: { id: number }) => a.id)).toContain(article.id);

    // Members cannot see the queue or mark anything reviewed.
    const memberToken = await tokenFor(t, (await createUser(t)).username);
    await request(t.http).get('/api/v1/kb/review').set('Authorization', `Bearer ${memberToken}`).expect(403);
    await request(t.http).post(`/api/v1/articles/${article.id}/reviewed`).set('Authorization', `Bearer ${memberToken}`).expect(403);

    const res = await staff.post(`/kb/articles/${article.id}/reviewed`).type('form').send({ _csrf: await csrfOf(staff, '/kb/review') }).expect(302);
    expect(res.headers.location).toBe('/kb/review');
    expect((await staff.get('/kb/review').expect(200)).text).not.toContain(`id="changed-${article.id}"`);
    const { body: reviewed } = await request(t.http).get(`/api/v1/articles/${article.id}`).set('Authorization', `Bearer ${agentToken}`).expect(200);
    expect(reviewed.source).toMatchObject({ revision: 1, reviewedRevision: 2, changed: false });

    // Running the same job again changes nothing; a later edit marks it again.
    await drainJobs(t);
    expect((await request(t.http).get(`/api/v1/articles/${article.id}`).set('Authorization', `Bearer ${agentToken}`).expect(200)).body.source.changed).toBe(false);
    await t.app.get(AnswersService).edit(answerer, answer.id, { body: 'Restart the sync service from Settings, then sign out and back in to refresh the token.' });
    await drainJobs(t);
    expect((await request(t.http).get(`/api/v1/articles/${article.id}`).set('Authorization', `Bearer ${agentToken}`).expect(200)).body.source.changed).toBe(true);
  });

  it('lists drafts and poorly rated articles in the queue', async () => {
    const { article: draft } = await promoted(t, agent);
    const { article: poor } = await published(t, agent);
    const { article: good } = await published(t, agent);
    for (const [reader, helpful] of [['a', false], ['b', false], ['c', true]] as const) {
      await request(t.http).post(`/api/v1/articles/${poor.id}/feedback`).set('User-Agent', `poor-${reader}`).send({ helpful }).expect(200);
      await request(t.http).post(`/api/v1/articles/${good.id}/feedback`).set('User-Agent', `good-${reader}`).send({ helpful: !helpful }).expect(200);
    }
    const { body: queue } = await request(t.http).get('/api/v1/kb/review').set('Authorization', `Bearer ${agentToken}`).expect(200);
    expect(queue.drafts.map((a: { id: number }) => a.id)).toContain(draft.id);
    expect(queue.drafts.map((a: { id: number }) => a.id)).not.toContain(poor.id);
    expect(queue.poorlyRated.map((a: { id: number }) => a.id)).toContain(poor.id);
    expect(queue.poorlyRated.map((a: { id: number }) => a.id)).not.toContain(good.id);
    const staff = await signedInAgent(t, agent.username);
    const page = (await staff.get('/kb/review').expect(200)).text;
    expect(page).toContain('33% helpful (1 yes, 2 no)');
    const member = await signedInAgent(t, (await createUser(t)).username);
    await member.get('/kb/review').expect(403);
  });
});
