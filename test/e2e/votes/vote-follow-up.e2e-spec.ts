import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

/** A vote's follow-up work is what a vote can change: the post's score in search and insights, the vote badges. */
describe("a vote's follow-up work", () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const vote = (token: string, kind: 'questions' | 'answers', id: number, value: number) =>
    request(t.http).post(`/api/v1/${kind}/${id}/vote`).set('Authorization', `Bearer ${token}`).send({ value }).expect(200);
  const jobsSince = async (since: Date) =>
    ((await t.db.query(`SELECT name FROM pgboss.job WHERE created_on >= $1 ORDER BY name`, [since])) as { name: string }[]).map((row) => row.name);

  it('publishes vote.cast only: no thread re-index, no edit badges, no thread facts rebuilt', async () => {
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, await createUser(t), question.id);
    await drainJobs(t);
    const token = await tokenFor(t, (await createUser(t, { reputation: 100 })).username);
    const [{ now }] = await t.db.query('SELECT clock_timestamp() AS now');
    await vote(token, 'answers', answer.id, 1);
    const names = await jobsSince(now);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.startsWith('vote.cast~'))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['vote.cast~search', 'vote.cast~insights', 'vote.cast~badges']));
  });

  it('gives the search index the new scores in place, without re-indexing the thread', async () => {
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, await createUser(t), question.id);
    await drainJobs(t);
    const indexed = async (id: string) => (await t.db.query('SELECT score, indexed_at FROM search_documents WHERE id = $1', [id]))[0] as { score: number; indexed_at: Date };
    const before = { question: await indexed(`question-${question.id}`), answer: await indexed(`answer-${answer.id}`) };
    expect(before.answer.score).toBe(0);

    const voters = await Promise.all([1, 2, 3].map(async () => tokenFor(t, (await createUser(t, { reputation: 200 })).username)));
    for (const token of voters) await vote(token, 'answers', answer.id, 1);
    await vote(voters[0]!, 'questions', question.id, -1);
    await drainJobs(t);

    const after = { question: await indexed(`question-${question.id}`), answer: await indexed(`answer-${answer.id}`) };
    expect(after.answer.score).toBe(3);
    expect(after.question.score).toBe(-1);
    // The documents were not rewritten: only their scores changed.
    expect(after.answer.indexed_at).toEqual(before.answer.indexed_at);
    expect(after.question.indexed_at).toEqual(before.question.indexed_at);
    const hits = await request(t.http).get('/api/v1/search').query({ q: question.title, kind: 'question' }).expect(200);
    expect(hits.body.hits[0]).toMatchObject({ score: -1 });
  });

  it("keeps the insight facts' best answer score, and leaves the facts alone when a vote does not change it", async () => {
    const question = await askQuestion(t, await createUser(t));
    const first = await postAnswer(t, await createUser(t), question.id);
    const second = await postAnswer(t, await createUser(t), question.id);
    await drainJobs(t);
    const fact = async () => (await t.db.query('SELECT best_answer_score, xmin::text AS version FROM insights_question_facts WHERE question_id = $1', [question.id]))[0] as { best_answer_score: number; version: string };
    expect((await fact()).best_answer_score).toBe(0);

    const [a, b] = await Promise.all([1, 2].map(async () => tokenFor(t, (await createUser(t, { reputation: 200 })).username)));
    await vote(a!, 'answers', first.id, 1);
    await vote(b!, 'answers', first.id, 1);
    await drainJobs(t);
    const best = await fact();
    expect(best.best_answer_score).toBe(2);

    // A vote on the other answer and one on the question leave the best score, and the row, as they were.
    await vote(a!, 'answers', second.id, 1);
    await vote(a!, 'questions', question.id, 1);
    await drainJobs(t);
    expect(await fact()).toEqual(best);
  });
});
