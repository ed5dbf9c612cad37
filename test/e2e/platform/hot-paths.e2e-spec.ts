import request from 'supertest';
import { ViewCounter } from '../../../src/threads/view-counter.js';
import { bulkSeed } from '../../../src/seeding/bulk-seeder.js';
import { dataStatements, recordQueries, type RecordedQuery } from '../../support/query-log.js';
import { createUser, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

const BIG_TABLES = new Set(['posts', 'comments', 'votes', 'reputation_entries']);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Scans of a big table that read all of it: a sequential scan, or an index walked end to end with no LIMIT above it. */
function fullScans(node: PlanNode, underLimit = false): string[] {
  const limited = underLimit || node['Node Type'] === 'Limit';
  const table = node['Relation Name'];
  const own =
    table && BIG_TABLES.has(table) &&
    (node['Node Type'] === 'Seq Scan' || (/^Index (Only )?Scan$/.test(node['Node Type']) && !node['Index Cond'] && !limited))
      ? [`${node['Node Type']} on ${table}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => fullScans(child, limited))];
}

describe('the hot paths on a seeded community', () => {
  let t: TestApp;
  let thread: { id: number; slug: string };
  beforeAll(async () => {
    t = await startTestApp();
    await bulkSeed(t.db, { posts: 3000, seed: 11, passwordHash: 'not-a-real-hash' });
    [thread] = await t.db.query(`SELECT q.id, q.slug FROM posts q WHERE q.type = 'question' AND q.answer_count >= 3
      AND EXISTS (SELECT 1 FROM comments c JOIN posts a ON a.id = c.post_id WHERE a.parent_id = q.id) ORDER BY q.answer_count DESC LIMIT 1`);
  }, 120_000);
  afterAll(() => t.close());

  it('serves an anonymous thread page in at most 3 SQL statements, whatever its size, and stores no session', async () => {
    await request(t.http).get(`/questions/${thread.id}/${thread.slug}`).expect(200); // settings caches warm, as on a running site
    await t.app.get(ViewCounter).flush();
    const [{ sessions }] = await t.db.query(`SELECT count(*)::int AS sessions FROM session`);
    let page!: request.Response;
    const queries = await recordQueries(t.db, async () => {
      page = await request(t.http).get(`/questions/${thread.id}/${thread.slug}`).expect(200);
    });
    expect(page.text).toContain('class="comment-list"');
    expect(page.headers['set-cookie']).toBeUndefined();
    // Time-driven background work may land in the window on a busy machine and is no cost of the
    // page: the once-a-second batch of view counts, and the settings cache's refresh.
    const background = /post_views|reputation_settings/;
    const statements = dataStatements(queries).filter((q) => !background.test(q.sql)).map((q) => q.sql.replace(/\s+/g, ' ').slice(0, 100));
    expect(statements.length <= 3 ? [] : statements).toEqual([]);
    expect(await t.db.query(`SELECT count(*)::int AS sessions FROM session`)).toEqual([{ sessions }]);
  });

  it('serves every hot query from an index: no full scan of posts, comments, votes or the ledger', async () => {
    const member = await createUser(t, { reputation: 500 });
    const token = await tokenFor(t, member.username);
    const [answer] = await t.db.query(`SELECT id FROM posts WHERE type = 'answer' AND author_id <> $1 ORDER BY id DESC LIMIT 1`, [member.id]);
    const [{ username }] = await t.db.query(`SELECT username FROM users ORDER BY reputation DESC LIMIT 1`);
    const [{ tag }] = await t.db.query(`SELECT name AS tag FROM tags ORDER BY question_count DESC LIMIT 1`);
    const [{ rareTag }] = await t.db.query(`SELECT name AS "rareTag" FROM tags WHERE question_count > 0 ORDER BY question_count LIMIT 1`);
    // A cursor in the middle of the lists: deep pages start from its place in each list's index.
    const [{ cursor }] = await t.db.query(`SELECT id AS cursor FROM posts WHERE type = 'question' ORDER BY id LIMIT 1 OFFSET 300`);
    const auth = { authorization: `Bearer ${token}` };
    const queries = await recordQueries(t.db, async () => {
      for (const path of [`/questions/${thread.id}/${thread.slug}`, '/questions', '/questions?sort=unanswered', '/questions?sort=active', '/questions?sort=top',
        `/tags/${tag}`, `/tags/${rareTag}`, '/questions?page=20', `/users/${username}`, '/api/v1/search?q=printer',
        `/questions?after=${cursor}`, `/questions?before=${cursor}`, `/questions?sort=active&after=${cursor}`, `/questions?sort=top&after=${cursor}`,
        `/questions?sort=unanswered&after=${cursor}`, `/tags/${tag}?after=${cursor}`, `/questions?solved=no&after=${cursor}`]) {
        await request(t.http).get(path).expect(200);
      }
      await request(t.http).post(`/api/v1/answers/${answer.id}/vote`).set(auth).send({ value: 1 }).expect(200);
      await request(t.http).post(`/api/v1/answers/${answer.id}/vote`).set(auth).send({ value: 0 }).expect(200);
      await request(t.http).post(`/api/v1/questions/${thread.id}/answers`).set(auth).send({ body: 'An answer long enough to be posted, for the plan check.' }).expect(201);
    });
    const statements = dataStatements(queries);
    expect(statements.length).toBeGreaterThan(20);

    const offenders: string[] = [];
    const client = await t.db.createQueryRunner();
    try {
      await client.startTransaction();
      // A small table tempts the planner into whole-table plans; these make it plan as at scale,
      // where an index that exists is always cheaper, so what is left whole-table has no index.
      for (const setting of ['enable_seqscan', 'enable_mergejoin', 'enable_hashjoin']) await client.query(`SET LOCAL ${setting} = off`);
      for (const q of unique(statements)) {
        const [{ 'QUERY PLAN': [plan] }] = await client.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.parameters);
        const scans = fullScans(plan.Plan);
        if (scans.length) offenders.push(`${scans.join(', ')}: ${q.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
    } finally {
      await client.rollbackTransaction();
      await client.release();
    }
    expect(offenders).toEqual([]);
  });
});

function unique(queries: RecordedQuery[]): RecordedQuery[] {
  const seen = new Map<string, RecordedQuery>();
  for (const q of queries) if (!seen.has(q.sql)) seen.set(q.sql, q);
  return [...seen.values()];
}
