import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { apiAs, memberWithToken } from './moderation-helpers.js';

describe('who may moderate', () => {
  let t: TestApp;
  let endpoints: { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; body?: object }[];
  let pages: { method: 'get' | 'post'; path: string; body?: object }[];
  beforeAll(async () => {
    t = await startTestApp();
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const target = await createUser(t);
    endpoints = [
      { method: 'get', path: '/mod/queue' },
      { method: 'get', path: '/mod/log' },
      { method: 'post', path: `/mod/answers/${answer.id}/actions/dismiss` },
      { method: 'post', path: `/mod/answers/${answer.id}/actions/hide` },
      { method: 'post', path: `/mod/answers/${answer.id}/actions/restore` },
      { method: 'post', path: `/mod/answers/${answer.id}/actions/delete`, body: { cause: 'spam' } },
      { method: 'post', path: `/mod/questions/${question.id}/actions/undelete` },
      { method: 'patch', path: `/mod/answers/${answer.id}`, body: { body: 'An edit by someone who may not make it here.' } },
      { method: 'post', path: `/mod/threads/${question.id}/lock` },
      { method: 'post', path: `/mod/threads/${question.id}/unlock` },
      { method: 'post', path: `/mod/threads/${question.id}/close`, body: { closeReason: 'off-topic' } },
      { method: 'post', path: `/mod/threads/${question.id}/reopen` },
      { method: 'get', path: `/mod/users/${target.username}` },
      { method: 'put', path: `/mod/users/${target.username}/suspension`, body: { days: 3, reason: 'x' } },
      { method: 'delete', path: `/mod/users/${target.username}/suspension` },
    ];
    pages = [
      { method: 'get', path: '/mod/queue' },
      { method: 'get', path: '/mod/log' },
      { method: 'get', path: `/mod/users/${target.username}` },
      { method: 'get', path: `/mod/answers/${answer.id}/edit` },
      { method: 'post', path: `/mod/answers/${answer.id}/actions/hide` },
      { method: 'post', path: `/mod/answers/${answer.id}/edit`, body: { body: 'An edit by someone who may not make it here.' } },
      { method: 'post', path: `/mod/threads/${question.id}/lock` },
      { method: 'post', path: `/mod/threads/${question.id}/close`, body: { closeReason: 'off-topic' } },
      { method: 'post', path: `/mod/threads/${question.id}/reopen` },
      { method: 'post', path: `/mod/threads/${question.id}/unlock` },
      { method: 'post', path: `/mod/users/${target.username}/suspend`, body: { days: 3, reason: 'x' } },
      { method: 'post', path: `/mod/users/${target.username}/unsuspend` },
    ];
  });
  afterAll(() => t.close());

  it('refuses members and agents with 403 on every moderator endpoint of the API', async () => {
    for (const role of ['member', 'agent'] as const) {
      const { token } = await memberWithToken(t, { role, reputation: 5000 });
      const api = apiAs(t, token);
      for (const { method, path, body } of endpoints) {
        const res = await api[method](path, body);
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.body.message).toBe('You do not have permission to do that.');
      }
    }
  });

  it('refuses anonymous callers with 401 on every moderator endpoint of the API', async () => {
    for (const { method, path, body } of endpoints) {
      const res = await request(t.http)[method](`/api/v1${path}`).send(body ?? {});
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it('refuses members and agents with 403 on the moderator pages, and sends anonymous visitors to log in', async () => {
    for (const role of ['member', 'agent'] as const) {
      const user = await createUser(t, { role, reputation: 5000 });
      const agent = await signedInAgent(t, user.username);
      const csrf = await csrfOf(agent);
      for (const { method, path, body } of pages) {
        const res = method === 'get' ? await agent.get(path) : await agent.post(path).type('form').send({ ...body, _csrf: csrf });
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
    }
    for (const { method, path, body } of pages) {
      const res = method === 'get' ? await request(t.http).get(path) : await request(t.http).post(path).type('form').send(body ?? {});
      expect([path, res.status]).toEqual([path, 303]);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
  });

  it('lets admins moderate too', async () => {
    const { token } = await memberWithToken(t, { role: 'admin' });
    await apiAs(t, token).get('/mod/queue').expect(200);
    await apiAs(t, token).get('/mod/log').expect(200);
  });

  it('shows moderators their tools on the thread page, and members none of them', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const url = `/questions/${question.id}/${question.slug}`;
    const moderator = await signedInAgent(t, (await createUser(t, { role: 'moderator' })).username);
    const modPage = await moderator.get(url).expect(200);
    expect(modPage.text).toContain(`action="/mod/threads/${question.id}/lock"`);
    expect(modPage.text).toContain(`action="/mod/threads/${question.id}/close"`);
    const member = await signedInAgent(t, (await createUser(t)).username);
    const page = await member.get(url).expect(200);
    expect(page.text).not.toContain('/mod/threads/');
    expect(page.text).not.toContain('close-votes');
  });
});
