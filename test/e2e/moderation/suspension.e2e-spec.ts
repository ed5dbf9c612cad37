import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { apiAs, memberWithToken } from './moderation-helpers.js';

describe('suspended members', () => {
  let t: TestApp;
  let mod: ReturnType<typeof apiAs>;
  beforeAll(async () => {
    t = await startTestApp();
    mod = apiAs(t, (await memberWithToken(t, { role: 'moderator' })).token);
  });
  afterAll(() => t.close());

  /** Suspends through the API and returns the end date as members are shown it. */
  async function suspend(username: string, days = 3, reason = 'Posting spam links') {
    const res = await mod.put(`/mod/users/${username}/suspension`, { days, reason }).expect(200);
    return `${(res.body.suspendedUntil as string).slice(0, 16).replace('T', ' ')} UTC`;
  }

  it('refuses every write, through the API, with a message naming the end date and the reason', async () => {
    const other = await createUser(t);
    const otherQuestion = await askQuestion(t, other);
    const otherAnswer = await postAnswer(t, other, otherQuestion.id);
    const { user, token } = await memberWithToken(t, { reputation: 2500 });
    const own = await askQuestion(t, user);
    const ownAnswer = await postAnswer(t, user, otherQuestion.id);
    const { comment } = await t.app.get(CommentsService).add(user, 'question', own.id, { body: 'My own comment' });
    const answerToOwn = await postAnswer(t, other, own.id);

    const until = await suspend(user.username);
    const expected = `Your account is suspended until ${until}. Reason: Posting spam links`;
    const api = apiAs(t, token);
    const writes: [string, request.Test][] = [
      ['ask', api.post('/questions', { title: 'A question from a suspended member', body: 'This body is long enough to be a question body.', tags: ['x'] })],
      ['answer', api.post(`/questions/${otherQuestion.id}/answers`, { body: 'An answer from a suspended member, long enough.' })],
      ['edit question', api.patch(`/questions/${own.id}`, { title: 'An edited title from a suspended member' })],
      ['edit answer', api.patch(`/answers/${ownAnswer.id}`, { body: 'An edited answer from a suspended member.' })],
      ['delete question', api.delete(`/questions/${own.id}`)],
      ['delete answer', api.delete(`/answers/${ownAnswer.id}`)],
      ['comment', api.post(`/questions/${own.id}/comments`, { body: 'A comment' })],
      ['delete comment', api.delete(`/comments/${comment.id}`)],
      ['upvote', api.post(`/answers/${otherAnswer.id}/vote`, { value: 1 })],
      ['downvote', api.post(`/questions/${otherQuestion.id}/vote`, { value: -1 })],
      ['accept', api.post(`/answers/${answerToOwn.id}/accept`)],
      ['flag', api.post(`/answers/${otherAnswer.id}/flags`, { reason: 'spam' })],
      ['close vote', api.post(`/questions/${otherQuestion.id}/close-votes`, { closeReason: 'off-topic' })],
    ];
    for (const [what, write] of writes) {
      const res = await write;
      expect([what, res.status, res.body.message]).toEqual([what, 403, expected]);
    }
    // Reading still works.
    await api.get(`/questions/${otherQuestion.id}`).expect(200);
    expect((await api.get('/me').expect(200)).body).toMatchObject({ suspensionReason: 'Posting spam links' });
  });

  it('shows the reason and end date on pages, and refuses page writes with the same message', async () => {
    const other = await createUser(t);
    const question = await askQuestion(t, other);
    const user = await createUser(t);
    const agent = await signedInAgent(t, user.username);
    const url = `/questions/${question.id}/${question.slug}`;
    const csrf = await csrfOf(agent, url);
    const until = await suspend(user.username, 10, 'Abusive comments');

    const page = await agent.get(url).expect(200);
    expect(page.text).toContain(`Your account is suspended until ${until}. Reason: Abusive comments You can read, but not post, comment, vote or flag.`);
    expect(page.text).not.toContain(`action="/questions/${question.id}/answers"`);

    const answer = await agent.post(`/questions/${question.id}/answers`).type('form').send({ body: 'An answer from a suspended member, long enough.', _csrf: csrf }).expect(403);
    expect(answer.text).toContain(`Your account is suspended until ${until}.`);
    const ask = await agent.post('/questions').type('form').send({ title: 'A question from a suspended member', body: 'This body is long enough to be a question body.', tags: 'x', _csrf: csrf }).expect(403);
    expect(ask.text).toContain(`Your account is suspended until ${until}.`);
    const flag = await agent.post(`/questions/${question.id}/flags`).type('form').send({ reason: 'spam', _csrf: csrf }).expect(403);
    expect(flag.text).toContain(`Your account is suspended until ${until}.`);
  });

  it('lets writes through again once the suspension is lifted', async () => {
    const other = await createUser(t);
    const question = await askQuestion(t, other);
    const { user, token } = await memberWithToken(t);
    await suspend(user.username);
    await apiAs(t, token).post(`/questions/${question.id}/flags`, { reason: 'spam' }).expect(403);
    await mod.delete(`/mod/users/${user.username}/suspension`).expect(200);
    await apiAs(t, token).post(`/questions/${question.id}/flags`, { reason: 'spam' }).expect(201);
  });

  it('stops a suspended moderator from moderating', async () => {
    const admin = apiAs(t, (await memberWithToken(t, { role: 'admin' })).token);
    const moderator = await memberWithToken(t, { role: 'moderator' });
    const question = await askQuestion(t, await createUser(t));
    await admin.put(`/mod/users/${moderator.user.username}/suspension`, { days: 1, reason: 'Overreach' }).expect(200);
    const res = await apiAs(t, moderator.token).post(`/mod/threads/${question.id}/lock`).expect(403);
    expect(res.body.message).toMatch(/^Your account is suspended until .* UTC\. Reason: Overreach$/);
    await admin.put(`/mod/users/${(await createUser(t, { role: 'admin' })).username}/suspension`, { days: 1, reason: 'x' }).expect(403);
  });
});
