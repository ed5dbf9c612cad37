import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';

describe('votes and the reputation ledger', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const reputationOf = async (id: number) => (await t.db.query('SELECT reputation FROM users WHERE id = $1', [id]))[0].reputation as number;
  const vote = (token: string, kind: 'questions' | 'answers', id: number, value: number) =>
    request(t.http).post(`/api/v1/${kind}/${id}/vote`).set('Authorization', `Bearer ${token}`).send({ value });
  async function voter(reputation = 200) {
    const user = await createUser(t, { reputation });
    // Keep the ledger honest: the starting reputation is a ledger row too.
    await t.db.query(`INSERT INTO reputation_entries (user_id, amount, requested, reason) VALUES ($1, $2, $2, 'fixture')`, [user.id, reputation - 1]);
    return { user, token: await tokenFor(t, user.username) };
  }

  it('gives each event its amount, and reverses exactly on retract and switch', async () => {
    const asker = await createUser(t);
    const answerer = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, answerer, question.id);
    const { user: v, token } = await voter(200);

    expect((await vote(token, 'questions', question.id, 1).expect(200)).body).toEqual({ postId: question.id, score: 1, myVote: 1 });
    expect(await reputationOf(asker.id)).toBe(1 + 5);
    await vote(token, 'answers', answer.id, 1).expect(200);
    expect(await reputationOf(answerer.id)).toBe(1 + 10);

    // Switch: the +10 is reversed, −2 to the author and −1 to the voter.
    expect((await vote(token, 'answers', answer.id, -1).expect(200)).body).toMatchObject({ score: -1, myVote: -1 });
    expect(await reputationOf(answerer.id)).toBe(1); // 11 − 10 − 2 → floor 1
    expect(await reputationOf(v.id)).toBe(200 - 1);

    // Retract: everything the downvote did is undone.
    expect((await vote(token, 'answers', answer.id, 0).expect(200)).body).toMatchObject({ score: 0, myVote: 0 });
    expect(await reputationOf(v.id)).toBe(200);
    expect(await reputationOf(answerer.id)).toBe(1);
    await vote(token, 'questions', question.id, 0).expect(200);
    expect(await reputationOf(asker.id)).toBe(1);
    expect((await verifyReputation(t.app)).lines).toEqual([]);
  });

  it('treats a replayed vote as no change', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const { token } = await voter();
    await vote(token, 'questions', question.id, 1).expect(200);
    const again = await vote(token, 'questions', question.id, 1).expect(200);
    expect(again.body).toMatchObject({ score: 1, myVote: 1 });
    expect(await reputationOf(asker.id)).toBe(6);
  });

  it('gives +15 to the answerer and +2 to the asker on acceptance, reverses on unaccept, nothing for self-accepts', async () => {
    const asker = await createUser(t);
    const answerer = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, answerer, question.id);
    const own = await postAnswer(t, asker, question.id);
    await acceptAnswer(t, asker, answer.id);
    expect([await reputationOf(answerer.id), await reputationOf(asker.id)]).toEqual([16, 3]);
    await acceptAnswer(t, asker, own.id); // replaces: the first acceptance is reversed, the self-accept earns nothing
    expect([await reputationOf(answerer.id), await reputationOf(asker.id)]).toEqual([1, 1]);
    const token = await tokenFor(t, asker.username);
    await request(t.http).post(`/api/v1/answers/${answer.id}/accept`).set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.http).delete(`/api/v1/answers/${answer.id}/accept`).set('Authorization', `Bearer ${token}`).expect(200);
    expect([await reputationOf(answerer.id), await reputationOf(asker.id)]).toEqual([1, 1]);
  });

  it('reverses the reputation of a deleted post', async () => {
    const asker = await createUser(t);
    const answerer = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, answerer, question.id);
    const { token } = await voter();
    await vote(token, 'answers', answer.id, 1).expect(200);
    await vote(token, 'questions', question.id, 1).expect(200);
    expect(await reputationOf(answerer.id)).toBe(11);
    const answererToken = await tokenFor(t, answerer.username);
    await request(t.http).delete(`/api/v1/answers/${answer.id}`).set('Authorization', `Bearer ${answererToken}`).expect(204);
    expect(await reputationOf(answerer.id)).toBe(1);
    const askerToken = await tokenFor(t, asker.username);
    await request(t.http).delete(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${askerToken}`).expect(204);
    expect(await reputationOf(asker.id)).toBe(1);
    await vote(token, 'questions', question.id, 0).expect(404);
  });

  it('caps vote reputation at 200 a day: the 21st upvote earns nothing, and retracting it removes nothing', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answers: Awaited<ReturnType<typeof postAnswer>>[] = [];
    for (let i = 0; i < 21; i++) answers.push(await postAnswer(t, author, question.id));
    const { token } = await voter();
    for (const answer of answers.slice(0, 20)) await vote(token, 'answers', answer.id, 1).expect(200);
    expect(await reputationOf(author.id)).toBe(201);
    await vote(token, 'answers', answers[20]!.id, 1).expect(200);
    expect(await reputationOf(author.id)).toBe(201);
    await vote(token, 'answers', answers[20]!.id, 0).expect(200);
    expect(await reputationOf(author.id)).toBe(201);
    await vote(token, 'answers', answers[0]!.id, 0).expect(200);
    expect(await reputationOf(author.id)).toBe(191);
    // Acceptance is outside the cap.
    const asker = await createUser(t);
    const other = await askQuestion(t, asker);
    const answer = await postAnswer(t, author, other.id);
    await acceptAnswer(t, asker, answer.id);
    expect(await reputationOf(author.id)).toBe(206);
  });

  it('counts the cap per UTC day: what upvotes earned on an earlier day does not hold today, and the audit checks the count', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const [first, second] = [await postAnswer(t, author, question.id), await postAnswer(t, author, question.id)];
    const { token } = await voter();
    await vote(token, 'answers', first.id, 1).expect(200);
    const today = async () => (await t.db.query('SELECT capped_day = (now() AT TIME ZONE $2)::date AS today, capped_earned FROM users WHERE id = $1', [author.id, 'UTC']))[0];
    expect(await today()).toEqual({ today: true, capped_earned: 10 });

    // The member reached the cap yesterday (the day's count says so, and no entry of today does).
    await t.db.query(`UPDATE users SET capped_day = capped_day - 1, capped_earned = 200 WHERE id = $1`, [author.id]);
    await t.db.query(`UPDATE reputation_entries SET created_at = created_at - interval '1 day' WHERE user_id = $1 AND capped`, [author.id]);
    await vote(token, 'answers', second.id, 1).expect(200);
    expect(await reputationOf(author.id)).toBe(1 + 10 + 10);
    expect(await today()).toEqual({ today: true, capped_earned: 10 });
    expect((await verifyReputation(t.app)).lines.filter((line) => line.includes(`(#${author.id})`))).toEqual([]);

    // A count that disagrees with the day's ledger is reported.
    await t.db.query(`UPDATE users SET capped_earned = 190 WHERE id = $1`, [author.id]);
    expect((await verifyReputation(t.app)).lines.filter((line) => line.includes(`(#${author.id})`))).toEqual([
      `member ${author.username} (#${author.id}): upvotes earned 190 today, the ledger says 10`,
    ]);
    await t.db.query(`UPDATE users SET capped_earned = 10 WHERE id = $1`, [author.id]);
  });

  it('never lets reputation fall below 1', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    for (let i = 0; i < 3; i++) {
      const { token } = await voter(125);
      await vote(token, 'questions', question.id, -1).expect(200);
    }
    expect(await reputationOf(author.id)).toBe(1);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`)).body.score).toBe(-3);
  });

  it.each([
    ['upvote', 1, 14, 15],
    ['downvote', -1, 124, 125],
  ])('needs the %s privilege: refused at %#', async (_name, value, below, at) => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const low = await voter(below);
    const refused = await vote(low.token, 'questions', question.id, value).expect(403);
    expect(refused.body.message).toContain(`needs ${at} reputation; you have ${below}`);
    const enough = await voter(at);
    await vote(enough.token, 'questions', question.id, value).expect(200);
  });

  it('refuses self-votes, anonymous and suspended voters, locked threads, and bad values', async () => {
    const author = await createUser(t, { reputation: 200 });
    const question = await askQuestion(t, author);
    const token = await tokenFor(t, author.username);
    expect((await vote(token, 'questions', question.id, 1).expect(403)).body.message).toBe('You cannot vote on your own post.');
    await request(t.http).post(`/api/v1/questions/${question.id}/vote`).send({ value: 1 }).expect(401);

    const { user: suspended, token: suspendedToken } = await voter();
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '3 days', suspension_reason = 'spam' WHERE id = $1`, [suspended.id]);
    expect((await vote(suspendedToken, 'questions', question.id, 1).expect(403)).body.message).toMatch(/suspended until .* Reason: spam/);

    const { token: other } = await voter();
    await vote(other, 'questions', question.id, 2).expect(400);
    await vote(other, 'questions', question.id, Number.NaN).expect(400);
    await t.db.query('UPDATE posts SET locked_at = now() WHERE id = $1', [question.id]);
    expect((await vote(other, 'questions', question.id, 1).expect(422)).body.message).toBe('This thread is locked: votes are closed.');
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`)).body.score).toBe(0);
  });

  it('works as a plain form on the thread page and as JSON for the page script', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const { user } = await voter();
    const agent = await signedInAgent(t, user.username);
    const url = `/questions/${question.id}/${question.slug}`;
    let page = await agent.get(url).expect(200);
    expect(page.text).toContain(`action="/answers/${answer.id}/vote"`);
    const res = await agent.post(`/answers/${answer.id}/vote`).type('form').send({ value: 1, _csrf: await csrfOf(agent, url) }).expect(303);
    expect(res.headers.location).toBe(`${url}#answer-${answer.id}`);
    page = await agent.get(url).expect(200);
    expect(page.text).toContain('aria-pressed="true"');
    expect(page.text).toContain('aria-label="Remove upvote"');
    const json = await agent
      .post(`/answers/${answer.id}/vote`)
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', await csrfOf(agent, url))
      .type('form')
      .send({ value: 0 })
      .expect(200);
    expect(json.body).toEqual({ postId: answer.id, score: 0, myVote: 0 });
    // Without the token the page endpoint refuses.
    await agent.post(`/answers/${answer.id}/vote`).set('Accept', 'application/json').type('form').send({ value: 1 }).expect(403);
  });

  it('shows why a vote control is disabled', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const newcomer = await createUser(t);
    const agent = await signedInAgent(t, newcomer.username);
    const page = await agent.get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(page.text).toContain('Upvoting needs 15 reputation; you have 1.');
    expect(page.text).toMatch(/<button type="submit" class="vote-button vote-up"[^>]*disabled/);
  });

  it('requires 50 reputation to comment on others’ posts, and 1000 to edit them (edits name the editor)', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const low = await voter(49);
    await request(t.http).post(`/api/v1/questions/${question.id}/comments`).set('Authorization', `Bearer ${low.token}`).send({ body: 'hello' }).expect(403);
    const ok = await voter(50);
    await request(t.http).post(`/api/v1/questions/${question.id}/comments`).set('Authorization', `Bearer ${ok.token}`).send({ body: 'hello' }).expect(201);

    const editor999 = await voter(999);
    await request(t.http).patch(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${editor999.token}`).send({ title: 'A better title for this question' }).expect(403);
    const editor = await voter(1000);
    await request(t.http).patch(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${editor.token}`).send({ title: 'A better title for this question' }).expect(200);
    const revisions = (await request(t.http).get(`/api/v1/questions/${question.id}/revisions`)).body;
    expect(revisions[0].editor.username).toBe(editor.user.username);
  });

  it('lets admins change the numbers, and the new numbers apply', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const adminToken = await tokenFor(t, admin.username);
    const { token: memberToken } = await voter();
    await request(t.http).put('/api/v1/reputation/rules').set('Authorization', `Bearer ${memberToken}`).send({ answerUpvoted: 20 }).expect(403);
    await request(t.http).put('/api/v1/reputation/rules').set('Authorization', `Bearer ${adminToken}`).send({ answerUpvoted: 'many' }).expect(400);
    const res = await request(t.http).put('/api/v1/reputation/rules').set('Authorization', `Bearer ${adminToken}`).send({ answerUpvoted: 20 }).expect(200);
    expect(res.body.answerUpvoted).toBe(20);
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const { token } = await voter();
    await vote(token, 'answers', answer.id, 1).expect(200);
    expect(await reputationOf(author.id)).toBe(21);
    const agent = await signedInAgent(t, admin.username);
    const page = await agent.get('/admin/reputation').expect(200);
    expect(page.text).toContain('<label for="rule-answerUpvoted">Your answer is upvoted</label>');
    await agent.post('/admin/reputation').type('form').send({ answerUpvoted: '10', _csrf: await csrfOf(agent, '/admin/reputation') }).expect(302);
    expect((await request(t.http).get('/api/v1/reputation/rules').set('Authorization', `Bearer ${adminToken}`)).body.answerUpvoted).toBe(10);
  });
});
