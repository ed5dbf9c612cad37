import request from 'supertest';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { dataStatements, recordQueries } from '../../support/query-log.js';
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

  it('publishes no job per vote: the change is recorded, and a sweep publishes votes.changed, once per subscriber', async () => {
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, await createUser(t), question.id);
    await drainJobs(t);
    const token = await tokenFor(t, (await createUser(t, { reputation: 100 })).username);
    const [{ now }] = await t.db.query('SELECT clock_timestamp() AS now');
    await vote(token, 'answers', answer.id, 1);
    expect(await jobsSince(now)).toEqual([]);
    expect(await t.db.query('SELECT post_id, value, previous FROM vote_changes')).toEqual([{ post_id: answer.id, value: 1, previous: 0 }]);
    await drainJobs(t);
    // No thread re-index, no edit badges, no thread facts rebuilt: only what a vote can change.
    expect(await jobsSince(now)).toEqual(['votes.changed~badges', 'votes.changed~insights', 'votes.changed~search']);
    expect(await t.db.query('SELECT count(*)::int AS n FROM vote_changes')).toEqual([{ n: 0 }]);
  });

  it('costs a first upvote 8 data statements, the bearer token included, and a new answer 8', async () => {
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, await createUser(t), question.id);
    const token = await tokenFor(t, (await createUser(t, { reputation: 100 })).username);
    await vote(token, 'questions', question.id, 1); // the token's last use written, settings read: as on a running site
    const statements = async (run: () => Promise<unknown>) =>
      dataStatements(await recordQueries(t.db, run)).map((q) => q.sql.replace(/\s+/g, ' ').slice(0, 90));

    // The token and its member; the post and its thread; the vote; its recorded change; the page
    // cache's notice; the score; the author's reputation (the day's capped sum, then the entry).
    const upvote = await statements(() => vote(token, 'answers', answer.id, 1));
    expect(upvote.length <= 8 ? [] : upvote).toEqual([]);
    // The token; the question locked; the answer, the question's count, the first revision; the
    // jobs; the page cache's notice; the answer read back for the response.
    const answering = await statements(() =>
      request(t.http).post(`/api/v1/questions/${question.id}/answers`).set('Authorization', `Bearer ${token}`).send({ body: 'An answer long enough to be posted, counted here.' }).expect(201));
    expect(answering.length <= 8 ? [] : answering).toEqual([]);
  });

  it('turns a burst of parallel votes into one job per subscriber, with exact scores and reputation and every follow-up done', async () => {
    const question = await askQuestion(t, await createUser(t));
    const authors = await Promise.all([1, 2, 3].map(() => createUser(t)));
    const answers: Awaited<ReturnType<typeof postAnswer>>[] = [];
    for (const author of authors) answers.push(await postAnswer(t, author, question.id));
    await drainJobs(t);
    const voters: string[] = [];
    for (let i = 0; i < 12; i++) voters.push(await tokenFor(t, (await createUser(t, { reputation: 200 })).username));
    const [{ now }] = await t.db.query('SELECT clock_timestamp() AS now');

    // 36 votes at once: every voter up on every answer, and a few of them change their mind.
    const burst = answers.flatMap((answer) => voters.map((token) => vote(token, 'answers', answer.id, 1)));
    await Promise.all(burst);
    await Promise.all(voters.slice(0, 2).map((token) => vote(token, 'answers', answers[2]!.id, 0)));
    await drainJobs(t);

    const scores = await t.db.query('SELECT id, score FROM posts WHERE id = ANY($1) ORDER BY id', [answers.map((a) => a.id)]);
    expect(scores.map((row: { score: number }) => row.score)).toEqual([12, 12, 10]);
    const reputation = async (id: number) => (await t.db.query('SELECT reputation FROM users WHERE id = $1', [id]))[0].reputation;
    expect(await Promise.all(authors.map((author) => reputation(author.id)))).toEqual([121, 121, 101]);
    // The voters' reputation was set without a ledger by the fixture; the authors' must match theirs.
    const mismatches = (await verifyReputation(t.app)).lines;
    expect(mismatches.filter((line) => authors.some((author) => line.includes(`(#${author.id})`)))).toEqual([]);
    expect(mismatches.filter((line) => line.startsWith('post'))).toEqual([]);
    const indexed = await t.db.query('SELECT score FROM search_documents WHERE id = ANY($1) ORDER BY id', [answers.map((a) => `answer-${a.id}`)]);
    expect(indexed.map((row: { score: number }) => row.score).sort()).toEqual([10, 12, 12]);
    const [fact] = await t.db.query('SELECT best_answer_score FROM insights_question_facts WHERE question_id = $1', [question.id]);
    expect(fact.best_answer_score).toBe(12);
    const badges = await t.db.query(`SELECT post_id, badge FROM badge_awards WHERE post_id = ANY($1) ORDER BY post_id, badge`, [answers.map((a) => a.id)]);
    expect(badges).toEqual(answers.flatMap((answer) => [{ post_id: answer.id, badge: 'good-answer' }, { post_id: answer.id, badge: 'nice-answer' }]));

    // 38 vote changes, one sweep: one job for each of the three subscribers (and the badges' own news).
    const jobs = await jobsSince(now);
    expect(jobs.filter((name) => name.startsWith('votes.changed~'))).toEqual(['votes.changed~badges', 'votes.changed~insights', 'votes.changed~search']);
    expect(jobs.filter((name) => !name.startsWith('votes.changed~') && !name.startsWith('badges.')).length).toBeLessThanOrEqual(burst.length / 4);
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
