import request from 'supertest';
import { bulkSeed } from '../../../src/seeding/bulk-seeder.js';
import { NUMBERED_PAGES } from '../../../src/common/http/keyset.js';
import { recordQueries } from '../../support/query-log.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const PAGE_SIZE = 30;
const ORDER: Record<string, string> = { '': 'created_at', unanswered: 'created_at', active: 'last_activity_at', top: 'score' };

const idsOn = (html: string) => [...html.matchAll(/<h2 class="question-title"><a href="\/questions\/(\d+)\//g)].map((m) => Number(m[1]));
const link = (html: string, rel: 'next' | 'prev') =>
  [...html.matchAll(/<a href="([^"]+)" rel="(next|prev)">/g)].find((m) => m[2] === rel)?.[1]?.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('deep list pages: numbers for the first pages, then cursors', () => {
  let t: TestApp;
  let tag: string;
  beforeAll(async () => {
    t = await startTestApp();
    await bulkSeed(t.db, { posts: 4000, seed: 7, passwordHash: 'not-a-real-hash' });
    [{ tag }] = await t.db.query(`SELECT name AS tag FROM tags ORDER BY question_count DESC LIMIT 1`);
  }, 120_000);
  afterAll(() => t.close());

  async function expected(sort: string, tagged?: string): Promise<number[]> {
    const rows: { id: number }[] = await t.db.query(
      `SELECT id FROM posts WHERE type = 'question' AND deleted_at IS NULL AND hidden_at IS NULL
         ${sort === 'unanswered' ? 'AND answer_count = 0' : ''} ${tagged ? 'AND tags @> ARRAY[$1]::varchar[]' : ''}
       ORDER BY ${ORDER[sort]} DESC, id DESC`,
      tagged ? [tagged] : [],
    );
    return rows.map((row) => row.id);
  }

  /** Follows the pager's plain links, as a reader without JavaScript would, in one direction to the end. */
  async function walk(start: string, rel: 'next' | 'prev'): Promise<{ pages: string[]; ids: number[] }> {
    const pages: string[] = [];
    const ids: number[] = [];
    for (let path: string | undefined = start; path; ) {
      const page = await request(t.http).get(path).expect(200);
      pages.push(path);
      ids.push(...(rel === 'next' ? idsOn(page.text) : idsOn(page.text).reverse()));
      path = link(page.text, rel);
      expect(pages.length).toBeLessThan(200);
    }
    return { pages, ids };
  }

  it.each([
    ['newest', '/questions', ''],
    ['unanswered', '/questions?sort=unanswered', 'unanswered'],
    ['active', '/questions?sort=active', 'active'],
    ['top', '/questions?sort=top', 'top'],
  ])('walks the whole %s list forwards and back, every question once, by number and then by cursor', async (_name, start, sort) => {
    const all = await expected(sort);
    const forwards = await walk(start, 'next');
    expect(forwards.ids).toEqual(all);
    expect(forwards.pages.slice(1, NUMBERED_PAGES).every((path) => /[?&]page=\d+/.test(path))).toBe(true);
    expect(forwards.pages.slice(NUMBERED_PAGES).every((path) => /[?&]after=\d+/.test(path) && !/page=/.test(path))).toBe(true);
    if (sort !== 'unanswered') expect(forwards.pages.length).toBeGreaterThan(NUMBERED_PAGES + 2); // the seed answers nearly everything

    const backwards = await walk(forwards.pages.at(-1)!, 'prev');
    expect(backwards.ids).toEqual([...all].reverse());
  });

  it('pages a tag the same way', async () => {
    const all = await expected('', tag);
    const forwards = await walk(`/tags/${tag}`, 'next');
    expect(forwards.ids).toEqual(all);
  });

  it('keeps old ?page=N links working past the numbered pages, linking on by cursor', async () => {
    const all = await expected('');
    const deep = NUMBERED_PAGES + 5;
    const page = await request(t.http).get(`/questions?page=${deep}`).expect(200);
    expect(idsOn(page.text)).toEqual(all.slice((deep - 1) * PAGE_SIZE, deep * PAGE_SIZE));
    expect(link(page.text, 'next')).toBe(`/questions?after=${all[deep * PAGE_SIZE - 1]}`);
    expect(link(page.text, 'prev')).toBe(`/questions?before=${all[(deep - 1) * PAGE_SIZE]}`);
    const api = await request(t.http).get(`/api/v1/questions?after=${all[PAGE_SIZE - 1]}`).expect(200);
    expect(api.body.items.map((q: { id: number }) => q.id)).toEqual(all.slice(PAGE_SIZE, 2 * PAGE_SIZE));
    expect(api.body.nextAfter).toBe(all[2 * PAGE_SIZE - 1]);
  });

  it('starts a cursor page from its place in the list\'s index, never walking the rows before it', async () => {
    const all = await expected('');
    const cursor = all[all.length - 40]!;
    // (No tag here: in a small seed every tag is rare, and a rare tag rightly reads the tags index; hot-paths checks it scans no table.)
    for (const path of [`/questions?after=${cursor}`, `/questions?sort=top&after=${cursor}`, `/questions?sort=active&before=${cursor}`]) {
      const [list] = (await recordQueries(t.db, () => request(t.http).get(path).expect(200))).filter((q) => /FROM \(SELECT q\.id FROM posts q/.test(q.sql));
      const plan = await explained(list!.sql, list!.parameters);
      // The scan under the page's LIMIT starts at the cursor: the (key, id) comparison is its index condition.
      expect([path, plan]).toEqual([path, expect.stringMatching(/Index (Only )?Scan[^\n]*posts_questions_\w+[^\n]*\n\s*(->\s*)?Index Cond: \(ROW\(/)]);
    }
  });

  async function explained(sql: string, parameters: unknown[]): Promise<string> {
    const client = t.db.createQueryRunner();
    try {
      await client.startTransaction();
      // As the hot-paths test does: plan as at scale, where a small table would tempt a whole-table plan.
      for (const setting of ['enable_seqscan', 'enable_mergejoin', 'enable_hashjoin']) await client.query(`SET LOCAL ${setting} = off`);
      const rows: { 'QUERY PLAN': string }[] = await client.query(`EXPLAIN ${sql}`, parameters);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.rollbackTransaction();
      await client.release();
    }
  }

  it('answers a bad cursor with a clear 4xx', async () => {
    for (const bad of ['after=abc', 'after=0', 'before=-3', 'after=1.5', 'after=99999999999']) {
      const res = await request(t.http).get(`/questions?${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    await request(t.http).get('/questions?after=2000000000').expect(404);
  });
});
