import request from 'supertest';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { bulkSeed } from '../../../src/seeding/bulk-seeder.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('the bulk seeder', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await bulkSeed(t.db, { posts: 3000, seed: 7, passwordHash: 'not-a-real-hash' });
  }, 120_000);
  afterAll(() => t.close());

  const one = async (sql: string) => (await t.db.query(sql))[0];

  it('creates about one question to four answers, and members in proportion', async () => {
    const { questions, answers, members } = await one(`SELECT
      (SELECT count(*) FROM posts WHERE type = 'question')::int AS questions,
      (SELECT count(*) FROM posts WHERE type = 'answer')::int AS answers,
      (SELECT count(*) FROM users WHERE username LIKE 's7x%')::int AS members`);
    expect(questions).toBe(600);
    expect(answers).toBe(2400);
    expect(members).toBe(150);
  });

  /** Every derived number against what it is derived from, over the whole database. */
  const expectConsistent = async () => {
    expect((await verifyReputation(t.app)).lines).toEqual([]);
    expect(await one(`SELECT count(*)::int AS n FROM posts q WHERE q.type = 'question'
      AND q.answer_count <> (SELECT count(*) FROM posts a WHERE a.parent_id = q.id AND a.type = 'answer')`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts p WHERE p.comment_count <> (SELECT count(*) FROM comments c WHERE c.post_id = p.id)`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM tags t WHERE t.question_count <> (SELECT count(*) FROM post_tags pt WHERE pt.tag_id = t.id)`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts q JOIN posts a ON a.id = q.accepted_answer_id WHERE a.parent_id <> q.id`)).toEqual({ n: 0 });
    const { solved, questions } = await one(`SELECT count(accepted_answer_id)::int AS solved, count(*)::int AS questions FROM posts WHERE type = 'question'`);
    expect(solved / questions).toBeGreaterThan(0.35);
    expect(solved / questions).toBeLessThan(0.65);
    expect(await one(`SELECT count(*)::int AS n FROM votes v JOIN posts p ON p.id = v.post_id WHERE v.voter_id = p.author_id`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM users WHERE reputation < 1`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts p WHERE NOT EXISTS (SELECT 1 FROM post_revisions r WHERE r.post_id = p.id)`)).toEqual({ n: 0 });
    // Scores, counts, acceptance and activity, each against its source.
    expect(await one(`SELECT count(*)::int AS n FROM posts p WHERE p.score <> (SELECT coalesce(sum(v.value), 0) FROM votes v WHERE v.post_id = p.id)`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts q WHERE q.type = 'question'
      AND (q.last_activity_at < q.created_at OR q.last_activity_at < (SELECT max(a.created_at) FROM posts a WHERE a.parent_id = q.id AND a.type = 'answer'))`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts a JOIN posts q ON q.id = a.parent_id WHERE a.created_at < q.created_at`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts q JOIN posts a ON a.id = q.accepted_answer_id
      WHERE q.accepted_by_id IS DISTINCT FROM q.author_id OR q.accepted_at IS DISTINCT FROM a.created_at`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts WHERE (accepted_answer_id IS NULL) <> (accepted_by_id IS NULL OR accepted_at IS NULL)`)).toEqual({ n: 0 });
    // The ledger: an entry for each vote's post author, another for each downvoter of an answer, two for each accepted answer of another member.
    expect(await one(`SELECT count(*)::int AS n FROM votes v JOIN posts p ON p.id = v.post_id
      LEFT JOIN (SELECT vote_id, count(*) AS entries FROM reputation_entries WHERE vote_id IS NOT NULL GROUP BY vote_id) r ON r.vote_id = v.id
      WHERE coalesce(r.entries, 0) <> CASE WHEN v.value = -1 AND p.type = 'answer' THEN 2 ELSE 1 END`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts q JOIN posts a ON a.id = q.accepted_answer_id
      LEFT JOIN (SELECT post_id, count(*) AS entries FROM reputation_entries WHERE reason IN ('answer_accepted', 'accepted_answer') GROUP BY post_id) r ON r.post_id = a.id
      WHERE coalesce(r.entries, 0) <> CASE WHEN a.author_id <> q.author_id THEN 2 ELSE 0 END`)).toEqual({ n: 0 });
    // The search index: a document for every post, solved as its question is.
    expect(await one(`SELECT count(*)::int AS n FROM posts p WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.id = p.type || '-' || p.id)`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM posts q JOIN search_documents d ON d.id = 'question-' || q.id
      WHERE d.solved <> (q.accepted_answer_id IS NOT NULL) OR d.score <> q.score`)).toEqual({ n: 0 });
  };

  it('keeps every derived number true to the rules', async () => {
    await expectConsistent();
  });

  it('spreads activity unevenly, as communities do: a few members and tags carry much of it', async () => {
    const { top } = await one(`SELECT max(n)::int AS top FROM (SELECT count(*) AS n FROM posts GROUP BY author_id) s`);
    expect(top).toBeGreaterThan(3000 / 150 * 3);
    const { span } = await one(`SELECT extract(day FROM max(created_at) - min(created_at))::int AS span FROM posts`);
    expect(span).toBeGreaterThan(365 * 2);
    // Votes and comments come from many members, some posts draw several votes, some of them down.
    const votes = await one(`SELECT count(DISTINCT voter_id)::int AS voters, count(*) FILTER (WHERE value = -1)::int AS down,
      (SELECT max(n) FROM (SELECT count(*) AS n FROM votes GROUP BY post_id) s)::int AS most FROM votes`);
    expect(votes.voters).toBeGreaterThan(50);
    expect(votes.down).toBeGreaterThan(0);
    expect(votes.most).toBeGreaterThan(2);
    const { commenters } = await one(`SELECT count(DISTINCT author_id)::int AS commenters FROM comments`);
    expect(commenters).toBeGreaterThan(50);
  });

  it('leaves every page working on the seeded data, and search finding it', async () => {
    const [{ id, slug }] = await t.db.query(`SELECT id, slug FROM posts WHERE type = 'question' AND answer_count > 2 ORDER BY id LIMIT 1`);
    await request(t.http).get(`/questions/${id}/${slug}`).expect(200);
    for (const path of ['/questions', '/questions?sort=active', '/questions?sort=unanswered', '/questions?sort=top&page=5', '/tags', '/tags/topic-1', '/users', '/users?period=all']) {
      await request(t.http).get(path).expect(200);
    }
    const [{ username }] = await t.db.query(`SELECT username FROM users WHERE username LIKE 's7x%' ORDER BY reputation DESC LIMIT 1`);
    await request(t.http).get(`/users/${username}`).expect(200);
    const found = await request(t.http).get('/api/v1/search?q=printer').expect(200);
    expect(found.body.total).toBeGreaterThan(0);
  });

  it('runs again on the same database, adding a community of its own and keeping every number true', async () => {
    await bulkSeed(t.db, { posts: 3000, seed: 7, passwordHash: 'not-a-real-hash' });
    const { questions, answers, members } = await one(`SELECT
      (SELECT count(*) FROM posts WHERE type = 'question')::int AS questions,
      (SELECT count(*) FROM posts WHERE type = 'answer')::int AS answers,
      (SELECT count(*) FROM users WHERE username LIKE 's7x%')::int AS members`);
    expect({ questions, answers, members }).toEqual({ questions: 1200, answers: 4800, members: 300 });
    await expectConsistent();
  }, 120_000);
});
