import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

describe('profiles, reputation history and the leaderboard', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('shows reputation, history by day linking to posts, top posts and activity counts', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Which cable do I need for the dock?' });
    const answer = await postAnswer(t, helper, question.id);
    await acceptAnswer(t, asker, answer.id);

    const page = await request(t.http).get(`/users/${helper.username}`).expect(200);
    expect(page.text).toContain(`<h1>${helper.username}</h1>`);
    expect(page.text).toContain('<span class="rep-large">16</span>');
    expect(page.text).toContain('<span class="rep-change">+15</span> Answer accepted');
    expect(page.text).toContain(`<a href="/questions/${question.id}/${question.slug}#answer-${answer.id}">Which cable do I need for the dock?</a>`);
    expect(page.text).toMatch(/<strong>1<\/strong> answer<\/li>\s*<li><strong>1<\/strong> accepted/);
    expect(page.text).toContain('<h2 id="top-answers">Top answers</h2>');

    const api = await request(t.http).get(`/api/v1/users/${helper.username}/reputation`).expect(200);
    expect(api.body.reputation).toBe(16);
    expect(api.body.items).toEqual([expect.objectContaining({ amount: 15, reason: 'answer_accepted', postId: answer.id })]);
    await request(t.http).get('/api/v1/users/nobody-at-all/reputation').expect(404);
    expect((await request(t.http).get(`/api/v1/users/${helper.username}`)).body.reputation).toBe(16);
  });

  it('ranks members by reputation gained this week, this month and all time', async () => {
    const a = await createUser(t);
    const b = await createUser(t);
    const asker = await createUser(t);
    const q1 = await askQuestion(t, asker);
    await acceptAnswer(t, asker, (await postAnswer(t, a, q1.id)).id);
    const q2 = await askQuestion(t, asker);
    await acceptAnswer(t, asker, (await postAnswer(t, b, q2.id)).id);
    const q3 = await askQuestion(t, asker);
    await acceptAnswer(t, asker, (await postAnswer(t, b, q3.id)).id);
    // a's old gains happened 40 days ago: they count all time, not this month.
    await t.db.query(`UPDATE reputation_entries SET created_at = now() - interval '40 days' WHERE user_id = $1`, [a.id]);
    await t.db.query('UPDATE users SET reputation = 500 WHERE id = $1', [a.id]);
    await t.db.query(`INSERT INTO reputation_entries (user_id, amount, requested, reason, created_at) VALUES ($1, 484, 484, 'fixture', now() - interval '400 days')`, [a.id]);

    const names = async (period: string) =>
      (await request(t.http).get(`/api/v1/users?sort=reputation&period=${period}`).expect(200)).body.items.map((u: { username: string }) => u.username);
    const week = await names('week');
    expect(week.indexOf(b.username)).toBeLessThan(week.indexOf(asker.username));
    expect(week).not.toContain(a.username);
    expect(await names('month')).not.toContain(a.username);
    expect((await names('all'))[0]).toBe(a.username);
    await request(t.http).get('/api/v1/users?period=year').expect(400);

    const page = await request(t.http).get('/users?period=month').expect(200);
    expect(page.text).toContain(`<a href="/users/${b.username}">${b.username}</a>`);
    expect(page.text).toContain('<span class="rep-change">+30</span>');
  });

  it('keeps the ledger equal to reputation for every member touched here', async () => {
    const token = await tokenFor(t, (await createUser(t)).username);
    expect(token).toMatch(/^ab_/);
    const [{ mismatches }] = await t.db.query(
      `SELECT count(*)::int AS mismatches FROM users u WHERE u.reputation <> 1 + COALESCE((SELECT SUM(amount) FROM reputation_entries e WHERE e.user_id = u.id), 0)`,
    );
    expect(mismatches).toBe(0);
  });
});
