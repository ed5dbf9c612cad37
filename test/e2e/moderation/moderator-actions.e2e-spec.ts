import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { apiAs, logFor, memberWithToken, reputationOf } from './moderation-helpers.js';

describe('moderator actions and the audit log', () => {
  let t: TestApp;
  let moderator: Awaited<ReturnType<typeof memberWithToken>>;
  let mod: ReturnType<typeof apiAs>;
  beforeAll(async () => {
    t = await startTestApp();
    moderator = await memberWithToken(t, { role: 'moderator' });
    mod = apiAs(t, moderator.token);
  });
  afterAll(() => t.close());

  async function flagged() {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const { token } = await memberWithToken(t);
    await apiAs(t, token).post(`/answers/${answer.id}/flags`, { reason: 'spam' }).expect(201);
    return { author, question, answer };
  }

  it('dismisses flags: the post leaves the queue, and the log says who and why', async () => {
    const { answer, author } = await flagged();
    const res = await mod.post(`/mod/answers/${answer.id}/actions/dismiss`, { reason: 'Not spam: a real answer' }).expect(200);
    expect(res.body).toMatchObject({ action: 'dismiss', changed: true });
    const queue = await mod.get('/mod/queue').expect(200);
    expect(queue.body.items.some((i: { targetId: number }) => i.targetId === answer.id)).toBe(false);
    expect(await logFor(t, moderator.token, 'answer', answer.id)).toEqual([
      expect.objectContaining({ action: 'dismiss', moderator: moderator.user.username, targetUser: author.username, reason: 'Not spam: a real answer' }),
    ]);
    // Dismissing again changes nothing and logs nothing.
    expect((await mod.post(`/mod/answers/${answer.id}/actions/dismiss`).expect(200)).body.changed).toBe(false);
    expect(await logFor(t, moderator.token, 'answer', answer.id)).toHaveLength(1);
  });

  it('deletes as spam for −100 reputation through the ledger, and undelete reverses it exactly', async () => {
    const { answer, author, question } = await flagged();
    const voter = await memberWithToken(t, { reputation: 100 });
    await apiAs(t, voter.token).post(`/answers/${answer.id}/vote`, { value: 1 }).expect(200);
    await t.db.query(`INSERT INTO reputation_entries (user_id, amount, requested, reason) VALUES ($1, 200, 200, 'fixture')`, [author.id]);
    await t.db.query('UPDATE users SET reputation = reputation + 200 WHERE id = $1', [author.id]);
    expect(await reputationOf(t, author.id)).toBe(211);

    await mod.post(`/mod/answers/${answer.id}/actions/delete`, { cause: 'spam', reason: 'Link farm' }).expect(200);
    // The upvote's +10 is reversed, and the spam penalty is −100.
    expect(await reputationOf(t, author.id)).toBe(101);
    const [penalty] = await t.db.query(`SELECT amount, actor_id FROM reputation_entries WHERE user_id = $1 AND reason = 'post_deleted_as_spam'`, [author.id]);
    expect(penalty).toEqual({ amount: -100, actor_id: moderator.user.id });
    await request(t.http).get(`/api/v1/answers/${answer.id}`).expect(404);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200)).body.answerCount).toBe(0);

    await mod.post(`/mod/answers/${answer.id}/actions/undelete`, { reason: 'Appeal accepted' }).expect(200);
    expect(await reputationOf(t, author.id)).toBe(201);
    await request(t.http).get(`/api/v1/answers/${answer.id}`).expect(200);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200)).body.answerCount).toBe(1);
    expect((await verifyReputation(t.app)).lines).toEqual([]);

    const log = await logFor(t, moderator.token, 'answer', answer.id);
    expect(log.map((e) => e.action)).toEqual(['undelete', 'delete']);
    expect(log[1]).toMatchObject({ reason: 'Link farm', details: { cause: 'spam' } });
  });

  it('deletes without a penalty when the cause is not spam or offensive', async () => {
    const { answer, author } = await flagged();
    await mod.post(`/mod/answers/${answer.id}/actions/delete`, { cause: 'other' }).expect(200);
    expect(await reputationOf(t, author.id)).toBe(1);
    const penalties = await t.db.query(`SELECT 1 FROM reputation_entries WHERE user_id = $1 AND reason = 'post_deleted_as_spam'`, [author.id]);
    expect(penalties).toEqual([]);
    const bad = await mod.post(`/mod/answers/${answer.id}/actions/delete`, { cause: 'boring' }).expect(400);
    expect(bad.body.message).toEqual(['cause must be spam, offensive or other.']);
    await mod.post(`/mod/answers/${answer.id}/actions/explode`).expect(400);
  });

  it('hides and restores questions, answers and comments, each in the log', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const { comment } = await t.app.get(CommentsService).add(author, 'question', question.id, { body: 'Some comment here' });
    for (const [kind, id] of [['questions', question.id], ['answers', answer.id], ['comments', comment.id]] as const) {
      await mod.post(`/mod/${kind}/${id}/actions/hide`, { reason: `hide ${kind}` }).expect(200);
      await mod.post(`/mod/${kind}/${id}/actions/restore`, { reason: `restore ${kind}` }).expect(200);
      const type = kind.slice(0, -1);
      expect((await logFor(t, moderator.token, type, id)).map((e) => [e.action, e.reason])).toEqual([
        ['restore', `restore ${kind}`],
        ['hide', `hide ${kind}`],
      ]);
    }
    await mod.post(`/mod/comments/${comment.id}/actions/delete`).expect(200);
    await mod.post(`/mod/comments/${comment.id}/actions/undelete`).expect(200);
    expect((await logFor(t, moderator.token, 'comment', comment.id)).map((e) => e.action)).toEqual(['undelete', 'delete', 'restore', 'hide']);
    await mod.post(`/mod/comments/999999/actions/hide`).expect(404);
  });

  it("edits a member's post as a new revision, logged with the reason", async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const res = await mod.patch(`/mod/answers/${answer.id}`, { body: 'A cleaned-up answer without the spam link in it.', reason: 'Removed a spam link' }).expect(200);
    expect(res.body).toMatchObject({ action: 'edit', changed: true });
    const revisions = (await request(t.http).get(`/api/v1/answers/${answer.id}/revisions`).expect(200)).body;
    expect(revisions[0]).toMatchObject({ number: 2, summary: 'Moderator: Removed a spam link', editor: { username: moderator.user.username } });
    await mod.patch(`/mod/questions/${question.id}`, { title: 'A better title for this question', reason: 'Clearer title' }).expect(200);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200)).body.title).toBe('A better title for this question');
    expect((await logFor(t, moderator.token, 'answer', answer.id))[0]).toMatchObject({ action: 'edit', reason: 'Removed a spam link', details: { revision: 2 } });
    expect((await logFor(t, moderator.token, 'question', question.id))[0]).toMatchObject({ action: 'edit', reason: 'Clearer title' });
    await mod.patch(`/mod/answers/${answer.id}`, { body: 'short' }).expect(400);
    await mod.patch(`/mod/comments/1`, { body: 'A comment cannot be edited by this endpoint.' }).expect(400);
  });

  it('locks and unlocks a thread: a locked thread takes no answers, comments or votes', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const member = await memberWithToken(t, { reputation: 200 });
    const api = apiAs(t, member.token);

    await mod.post(`/mod/threads/${question.id}/lock`, { reason: 'Heated argument' }).expect(200);
    const locked = 'This thread is locked: no new answers, comments or votes.';
    expect((await api.post(`/questions/${question.id}/answers`, { body: 'An answer to a locked thread, long enough.' }).expect(422)).body.message).toBe(locked);
    expect((await api.post(`/questions/${question.id}/comments`, { body: 'A comment' }).expect(422)).body.message).toBe(locked);
    expect((await api.post(`/answers/${answer.id}/comments`, { body: 'A comment' }).expect(422)).body.message).toBe(locked);
    expect((await api.post(`/questions/${question.id}/vote`, { value: 1 }).expect(422)).body.message).toBe('This thread is locked: votes are closed.');
    expect((await api.post(`/answers/${answer.id}/vote`, { value: 1 }).expect(422)).body.message).toBe('This thread is locked: votes are closed.');
    const page = await request(t.http).get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(page.text).toContain('This thread is locked: it takes no new answers, comments or votes.');

    await mod.post(`/mod/threads/${question.id}/unlock`, { reason: 'Calmed down' }).expect(200);
    await api.post(`/questions/${question.id}/answers`, { body: 'An answer to an unlocked thread, long enough.' }).expect(201);
    await api.post(`/answers/${answer.id}/vote`, { value: 1 }).expect(200);
    expect((await logFor(t, moderator.token, 'question', question.id)).map((e) => [e.action, e.reason])).toEqual([
      ['unlock', 'Calmed down'],
      ['lock', 'Heated argument'],
    ]);
  });

  it('closes as a duplicate (the closed thread links the original), as off-topic, and reopens', async () => {
    const author = await createUser(t);
    const original = await askQuestion(t, author, { title: 'The original question about exports' });
    const duplicate = await askQuestion(t, author);
    const member = await memberWithToken(t);

    const missing = await mod.post(`/mod/threads/${duplicate.id}/close`, { closeReason: 'duplicate' }).expect(422);
    expect(missing.body.message).toEqual(['Name the original question this one duplicates.']);
    await mod.post(`/mod/threads/${duplicate.id}/close`, { closeReason: 'duplicate', duplicateOf: duplicate.id }).expect(422);
    await mod.post(`/mod/threads/${duplicate.id}/close`, { closeReason: 'duplicate', duplicateOf: 999999 }).expect(422);
    await mod.post(`/mod/threads/${duplicate.id}/close`, { closeReason: 'because' }).expect(400);
    await mod.post(`/mod/threads/${duplicate.id}/close`, { closeReason: 'duplicate', duplicateOf: 'not a question' }).expect(400);
    await mod.post(`/mod/threads/${duplicate.id}/close`, { closeReason: 'duplicate', duplicateOf: `http://localhost/questions/${original.id}/${original.slug}`, reason: 'Asked before' }).expect(200);

    const page = await request(t.http).get(`/questions/${duplicate.id}/${duplicate.slug}`).expect(200);
    expect(page.text).toContain(`This question is closed as a duplicate of <a href="/questions/${original.id}/${original.slug}">The original question about exports</a>.`);
    expect((await request(t.http).get(`/api/v1/questions/${duplicate.id}`).expect(200)).body).toMatchObject({ closed: true, closeReason: 'duplicate', duplicateOf: { id: original.id } });
    const refused = await apiAs(t, member.token).post(`/questions/${duplicate.id}/answers`, { body: 'An answer to a closed question, long enough.' }).expect(422);
    expect(refused.body.message).toBe('This question is closed: it takes no new answers.');

    await mod.post(`/mod/threads/${duplicate.id}/reopen`, { reason: 'Not the same problem' }).expect(200);
    await apiAs(t, member.token).post(`/questions/${duplicate.id}/answers`, { body: 'An answer to a reopened question, long enough.' }).expect(201);
    await mod.post(`/mod/threads/${duplicate.id}/close`, { closeReason: 'off-topic' }).expect(200);
    expect((await request(t.http).get(`/questions/${duplicate.id}/${duplicate.slug}`).expect(200)).text).toContain('This question is closed as off-topic.');

    const log = await logFor(t, moderator.token, 'question', duplicate.id);
    expect(log.map((e) => e.action)).toEqual(['close', 'reopen', 'close']);
    expect(log[2]).toMatchObject({ reason: 'Asked before', details: { closeReason: 'duplicate', duplicateOf: original.id } });
  });

  it('closes a question with three close votes from members with the close privilege', async () => {
    const author = await createUser(t);
    const original = await askQuestion(t, author);
    const question = await askQuestion(t, author);
    const voters = await Promise.all([1, 2, 3].map(() => memberWithToken(t, { reputation: 2000 })));
    const low = await memberWithToken(t, { reputation: 1999 });
    const refused = await apiAs(t, low.token).post(`/questions/${question.id}/close-votes`, { closeReason: 'off-topic' }).expect(403);
    expect(refused.body.message).toBe('Voting to close needs 2000 reputation; you have 1999.');

    expect((await apiAs(t, voters[0]!.token).post(`/questions/${question.id}/close-votes`, { closeReason: 'duplicate', duplicateOf: original.id }).expect(201)).body).toEqual({ questionId: question.id, votes: 1, needed: 3, closed: false });
    await apiAs(t, voters[0]!.token).post(`/questions/${question.id}/close-votes`, { closeReason: 'off-topic' }).expect(409);
    await apiAs(t, voters[1]!.token).post(`/questions/${question.id}/close-votes`, { closeReason: 'duplicate', duplicateOf: original.id }).expect(201);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200)).body.closed).toBe(false);

    // The third vote, from the page.
    const agent = await signedInAgent(t, voters[2]!.user.username);
    const url = `/questions/${question.id}/${question.slug}`;
    const page = await agent.get(url).expect(200);
    expect(page.text).toContain(`action="/questions/${question.id}/close-votes"`);
    await agent.post(`/questions/${question.id}/close-votes`).type('form').send({ closeReason: 'off-topic', duplicateOf: '', _csrf: await csrfOf(agent, url) }).expect(302);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200)).body).toMatchObject({ closed: true, closeReason: 'duplicate', duplicateOf: { id: original.id } });
    expect((await logFor(t, moderator.token, 'question', question.id))[0]).toMatchObject({ action: 'close', moderator: null, reason: 'Closed by 3 close votes' });
    await apiAs(t, (await memberWithToken(t, { reputation: 2000 })).token).post(`/questions/${question.id}/close-votes`, { closeReason: 'off-topic' }).expect(422);
  });

  it('suspends and unsuspends a member, logged with the reason', async () => {
    const member = await memberWithToken(t);
    const res = await mod.put(`/mod/users/${member.user.username}/suspension`, { days: 7, reason: 'Repeated spam' }).expect(200);
    expect(res.body).toMatchObject({ username: member.user.username, suspended: true, suspensionReason: 'Repeated spam' });
    const until = new Date(res.body.suspendedUntil).getTime();
    expect(until).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    await mod.put(`/mod/users/${member.user.username}/suspension`, { days: 0, reason: 'x' }).expect(400);
    await mod.put(`/mod/users/${member.user.username}/suspension`, { days: 3 }).expect(400);
    await mod.put(`/mod/users/nobody-like-this/suspension`, { days: 3, reason: 'x' }).expect(404);
    await mod.put(`/mod/users/${moderator.user.username}/suspension`, { days: 3, reason: 'x' }).expect(403);

    const lifted = await mod.delete(`/mod/users/${member.user.username}/suspension`, { reason: 'Appeal' }).expect(200);
    expect(lifted.body).toMatchObject({ suspended: false, suspendedUntil: null });
    expect((await logFor(t, moderator.token, 'user', member.user.id)).map((e) => [e.action, e.reason])).toEqual([
      ['unsuspend', 'Appeal'],
      ['suspend', 'Repeated spam'],
    ]);
  });

  it('works from the pages: the queue, its actions, the member page and the filtered log', async () => {
    const { answer, author } = await flagged();
    const agent = await signedInAgent(t, moderator.user.username);
    const queue = await agent.get('/mod/queue').expect(200);
    expect(queue.text).toContain('<h1>Review queue</h1>');
    expect(queue.text).toContain(`formaction="/mod/answers/${answer.id}/actions/hide"`);
    expect(queue.text).toContain(`href="/mod/users/${author.username}"`);
    const csrf = await csrfOf(agent, '/mod/queue');
    const hide = await agent.post(`/mod/answers/${answer.id}/actions/hide`).type('form').send({ reason: 'Looks like spam', cause: 'other', _csrf: csrf }).expect(302);
    expect(hide.headers.location).toBe('/mod/queue');
    expect((await agent.get('/mod/queue')).text).toContain('Hidden pending review.');

    const edit = await agent.get(`/mod/answers/${answer.id}/edit`).expect(200);
    expect(edit.text).toContain('<h1>Edit as moderator</h1>');
    await agent.post(`/mod/answers/${answer.id}/edit`).type('form').send({ body: 'A moderator rewrote this answer to be useful.', reason: 'Cleanup', _csrf: csrf }).expect(302);

    const memberPage = await agent.get(`/mod/users/${author.username}`).expect(200);
    expect(memberPage.text).toContain(`<h1>Moderate ${author.username}</h1>`);
    const bad = await agent.post(`/mod/users/${author.username}/suspend`).type('form').send({ days: '2', reason: '', _csrf: csrf }).expect(400);
    expect(bad.text).toContain('Give the member a reason.');
    await agent.post(`/mod/users/${author.username}/suspend`).type('form').send({ days: '2', reason: 'Spam', _csrf: csrf }).expect(302);
    expect((await agent.get(`/mod/users/${author.username}`)).text).toMatch(/is suspended until \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    await agent.post(`/mod/users/${author.username}/unsuspend`).type('form').send({ _csrf: csrf }).expect(302);

    const log = await agent.get(`/mod/log?moderator=${moderator.user.username}&action=hide&targetType=&targetId=`).expect(200);
    expect(log.text).toContain('<h1>Moderation log</h1>');
    expect(log.text).toContain('Looks like spam');
    expect(log.text).not.toContain('Cleanup');
    await agent.get('/mod/log?action=nonsense').expect(400);
    await agent.get('/mod/log?targetId=abc').expect(400);
  });

  it('keeps the log append-only, even for direct SQL', async () => {
    await expect(t.db.query(`UPDATE moderation_log SET reason = 'rewritten'`)).rejects.toThrow('the moderation log cannot be changed');
    await expect(t.db.query(`DELETE FROM moderation_log`)).rejects.toThrow('the moderation log cannot be changed');
  });
});
