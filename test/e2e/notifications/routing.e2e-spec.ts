import request from 'supertest';
import { ExpertRouting } from '../../../src/notifications/expert-routing.subscriber.js';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

describe('expert routing', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ ROUTING_EXPERTS: '2' })));
  afterAll(() => t.close());

  let tagCounter = 0;
  const freshTag = () => `billing${++tagCounter}-${Math.random().toString(36).slice(2, 6)}`;

  /** A member with `accepted` accepted answers in `tag`, answered just now (so active this week). */
  async function expertIn(tag: string, accepted: number) {
    const expert = await createUser(t);
    for (let i = 0; i < accepted; i++) {
      const asker = await createUser(t);
      const question = await askQuestion(t, asker, { tags: [tag] });
      const answer = await postAnswer(t, expert, question.id);
      await acceptAnswer(t, asker, answer.id);
    }
    return expert;
  }

  const routedTo = async (userId: number, questionId: number) =>
    (await t.db.query(`SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'routed' AND source_key = $2`, [userId, `routed:${questionId}`])).length === 1;

  it('asks the members with the best recent record in the tags, respects opt-out, and spreads the load over the day', async () => {
    const tag = freshTag();
    const optedOut = await expertIn(tag, 5);
    const best = await expertIn(tag, 3);
    const second = await expertIn(tag, 2);
    const third = await expertIn(tag, 1);
    const elsewhere = await expertIn(freshTag(), 6);
    await request(t.http).put('/api/v1/me/preferences').set('Authorization', `Bearer ${await tokenFor(t, optedOut.username)}`).send({ routing: false }).expect(200);
    await drainJobs(t);

    const asker = await createUser(t);
    const first = await askQuestion(t, asker, { tags: [tag], title: 'Why was I charged twice this month?' });
    await drainJobs(t);
    expect(await routedTo(best.id, first.id)).toBe(true);
    expect(await routedTo(second.id, first.id)).toBe(true);
    expect(await routedTo(third.id, first.id)).toBe(false);
    expect(await routedTo(optedOut.id, first.id)).toBe(false);
    expect(await routedTo(elsewhere.id, first.id)).toBe(false);
    const [note] = await t.db.query(`SELECT text, url FROM notifications WHERE user_id = $1 AND kind = 'routed'`, [best.id]);
    expect(note.text).toBe('A question you can answer: “Why was I charged twice this month?”');

    // The same day, the next question goes to whoever was not asked yet.
    const next = await askQuestion(t, await createUser(t), { tags: [tag] });
    await drainJobs(t);
    expect(await routedTo(third.id, next.id)).toBe(true);
    expect(await routedTo(best.id, next.id)).toBe(false);
    expect(await routedTo(second.id, next.id)).toBe(false);

    // Everyone is used up today; a re-run job picks no one new.
    const third_ = await askQuestion(t, await createUser(t), { tags: [tag] });
    await drainJobs(t);
    expect(await t.app.get(ExpertRouting).route({ postId: third_.id, type: 'question', questionId: third_.id, authorId: asker.id })).toEqual([]);
    expect(await t.app.get(ExpertRouting).route({ postId: first.id, type: 'question', questionId: first.id, authorId: asker.id })).toEqual(expect.arrayContaining([best.id, second.id]));

    // The asker is never told who was asked.
    const askerView = await request(t.http).get(`/api/v1/questions/${first.id}`).set('Authorization', `Bearer ${await tokenFor(t, asker.username)}`).expect(200);
    expect(JSON.stringify(askerView.body)).not.toContain(best.username);

    // Tomorrow (yesterday's routes), the best expert is asked again.
    await t.db.query(`UPDATE question_routes SET routed_at = routed_at - interval '1 day'`);
    const tomorrow = await askQuestion(t, await createUser(t), { tags: [tag] });
    await drainJobs(t);
    expect(await routedTo(best.id, tomorrow.id)).toBe(true);
  });

  it('leaves out members not active in the last week and does not route to the asker', async () => {
    const tag = freshTag();
    const idle = await expertIn(tag, 4);
    const asker = await expertIn(tag, 3);
    await t.db.query(`UPDATE posts SET created_at = now() - interval '20 days' WHERE author_id = $1`, [idle.id]);
    await drainJobs(t);
    const question = await askQuestion(t, asker, { tags: [tag] });
    await drainJobs(t);
    expect(await routedTo(idle.id, question.id)).toBe(false);
    expect(await routedTo(asker.id, question.id)).toBe(false);
  });

  it('compares routed and unrouted questions in the insights', async () => {
    const agent = await tokenFor(t, (await createUser(t, { role: 'agent' })).username);
    const res = await request(t.http).get('/api/v1/insights/support?window=7').set('Authorization', `Bearer ${agent}`).expect(200);
    expect(res.body.routing.routed.asked).toBeGreaterThanOrEqual(3);
    expect(res.body.routing.unrouted.asked).toBeGreaterThanOrEqual(1);
    expect(res.body.routing.unrouted.answered).toBeGreaterThanOrEqual(1);
    expect(res.body.routing.unrouted.shareAnswered).toBeGreaterThan(0);
    const member = await tokenFor(t, (await createUser(t)).username);
    await request(t.http).get('/api/v1/insights/support').set('Authorization', `Bearer ${member}`).expect(403);
  });
});
