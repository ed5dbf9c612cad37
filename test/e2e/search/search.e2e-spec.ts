import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { PROJECT_ROOT } from '../../../src/common/paths.js';
import { ClusterEvents } from '../../../src/cluster/cluster-events.service.js';
import { JobQueue } from '../../../src/jobs/job-queue.js';
import { waitUntil } from '../../support/wait.js';
import { SEARCH_INDEX, type SearchIndex } from '../../../src/search/search-index.port.js';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { fixClock, resetClock } from '../../support/clock.js';
import { RESULTS_CACHE } from '../../../src/search/search.service.js';
import { SearchLog } from '../../../src/search/search-log.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

const run = promisify(execFile);

describe('search: indexing, the page, the API and deflection', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());
  afterEach(() => resetClock());

  const search = (query: string) => request(t.http).get(`/api/v1/search?${query}`);

  it('indexes questions and answers through jobs and finds them, highlighted and escaped', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Scanner <b>jams</b> on duplex pages', body: 'The duplex scanner jams after ten pages every time.', tags: ['scanning'] });
    const answer = await postAnswer(t, helper, question.id, 'Clean the duplex rollers with a lint-free cloth and the jams stop.');
    await acceptAnswer(t, asker, answer.id);
    expect((await search('q=rollers').expect(200)).body.hits).toEqual([]); // not yet: the jobs have not run
    await drainJobs(t);

    const res = await search('q=duplex%20rollers').expect(200);
    expect(res.body.hits.map((h: { id: string }) => h.id)).toEqual(expect.arrayContaining([`question-${question.id}`, `answer-${answer.id}`]));
    const page = await request(t.http).get('/search?q=scanner%20jams').expect(200);
    expect(page.text).toContain('&lt;b&gt;<mark>jams</mark>&lt;/b&gt;');
    expect(page.text).not.toContain('<b>jams</b>');
    expect(page.text.replaceAll('&#x3D;', '=')).toContain(`href="/search/click?doc=question-${question.id}&amp;query=`);
    const solvedOnly = await search(`q=duplex&kind=question&solved=yes&tag=scanning`).expect(200);
    expect(solvedOnly.body.hits.map((h: { id: string }) => h.id)).toEqual([`question-${question.id}`]);
  });

  it('drops deleted content from the index', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Ephemeral kiosk mode question', tags: ['kiosk'] });
    await drainJobs(t);
    expect((await search('q=ephemeral%20kiosk').expect(200)).body.hits).toHaveLength(1);
    await request(t.http).delete(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${await tokenFor(t, asker.username)}`).expect(204);
    await drainJobs(t);
    expect((await search('q=ephemeral%20kiosk').expect(200)).body.hits).toEqual([]);
  });

  it('shows a helpful empty state and answers bad queries with a 4xx or nothing, never a 500', async () => {
    const empty = await request(t.http).get('/search?q=zebra%20unicorn%20quantum').expect(200);
    expect(empty.text).toContain('Nothing matches “zebra unicorn quantum” yet.');
    expect(empty.text.replaceAll('&#x3D;', '=')).toContain('href="/questions/ask?title=zebra%20unicorn%20quantum"');
    await request(t.http).get('/search').expect(200);
    expect((await search('q=').expect(400)).body.message).toEqual(['Enter something to search for.']);
    expect((await search(`q=${'a'.repeat(1000)}`).expect(400)).body.message).toEqual(['Search terms are at most 200 characters long.']);
    for (const q of ['!!!', '") OR 1=1 --', 'tags = x OR kind = y', "'; DROP TABLE posts; --", '&&&|||!!!', 'the of and', '"duplex rollers', 'duplex" "', '-', '<->', ':*']) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const similar = await request(t.http).get(`/api/v1/search/similar?title=${encodeURIComponent(q)}`);
      expect(similar.status).toBe(200);
      expect((await request(t.http).get(`/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
    // NUL bytes and 1,000 characters: a 400 with a message, never a 500.
    for (const path of ['/api/v1/search?q=duplex%00rollers', '/api/v1/search/similar?title=duplex%00rollers', `/api/v1/search/similar?title=${'a'.repeat(1000)}`, '/search?q=duplex%00rollers']) {
      const res = await request(t.http).get(path);
      expect(res.status).toBe(400);
    }
    await search('q=x&tag=x%22%20OR%20kind%20%3D%20%22answer').expect(400);
    await search('q=x&kind=everything').expect(400);
    await request(t.http).get('/search?q=x&kind=&tag=&solved=').expect(200); // the form's untouched filters
    await search('q=x&page=0').expect(400);
  });

  it('suggests similar solved questions for a title being typed, and records searches and clicks', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const solved = await askQuestion(t, asker, { title: 'Calendar sync stopped with Outlook', tags: ['calendar'] });
    await acceptAnswer(t, asker, (await postAnswer(t, helper, solved.id)).id);
    await askQuestion(t, asker, { title: 'Calendar colors are wrong in Outlook', tags: ['calendar'] }); // unsolved: not suggested
    await drainJobs(t);

    const similar = await request(t.http).get('/api/v1/search/similar?title=outlook%20calendar%20sync').expect(200);
    expect(similar.body.hits.map((h: { id: string }) => h.id)).toEqual([`question-${solved.id}`]);
    await request(t.http).get('/api/v1/search/similar').expect(400);

    const click = await request(t.http).get(`/search/click?doc=question-${solved.id}&query=${similar.body.queryId}&from=ask`).expect(302);
    expect(click.headers.location).toBe(`/questions/${solved.id}`);
    await request(t.http).get('/search/click?doc=javascript:alert(1)').expect(400);
    await t.app.get(SearchLog).flush();
    const [log] = await t.db.query(`SELECT source, result_count FROM search_queries WHERE id = $1`, [similar.body.queryId]);
    expect(log).toEqual({ source: 'ask', result_count: 1 });
    const clicks = await t.db.query(`SELECT document_id, source FROM search_clicks WHERE query_id = $1`, [similar.body.queryId]);
    expect(clicks).toEqual([{ document_id: `question-${solved.id}`, source: 'ask' }]);
  });

  it('answers the same search and suggestion again from a short-lived cache, and logs every lookup', async () => {
    const index = t.app.get<SearchIndex>(SEARCH_INDEX);
    const search = index.search.bind(index);
    let calls = 0;
    index.search = async (query) => {
      calls += 1;
      return search(query);
    };
    try {
      const first = await request(t.http).get('/api/v1/search/similar?title=Cached%20toner%20cartridge%20question').expect(200);
      const before = calls;
      const again = await request(t.http).get('/api/v1/search/similar?title=cached%20toner%20%20cartridge%20question').expect(200);
      expect(calls).toBe(before);
      expect(again.body.hits).toEqual(first.body.hits);
      expect(again.body.queryId).not.toBe(first.body.queryId);

      const api = (query: string) => request(t.http).get(`/api/v1/search?${query}`).expect(200);
      const page = await api('q=Cached%20toner&page=1');
      const afterFirstSearch = calls;
      const samePage = await api('q=cached%20%20TONER&page=1');
      expect(calls).toBe(afterFirstSearch);
      expect(samePage.body.hits).toEqual(page.body.hits);
      expect(samePage.body.queryId).not.toBe(page.body.queryId);
      await api('q=cached%20toner&page=2'); // another page is another query
      expect(calls).toBe(afterFirstSearch + 1);
      fixClock(new Date(Date.now() + RESULTS_CACHE.ttlMs + 1000));
      await api('q=cached%20toner&page=1');
      expect(calls).toBe(afterFirstSearch + 2);
    } finally {
      index.search = search;
    }
  });

  it('logs every lookup, cached or not, under the id it answered with, in batches', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `batched log lookup ${i % 3}`); // cache hits among them
    const [answered, suggested] = await Promise.all([
      Promise.all(texts.map((text) => search(`q=${encodeURIComponent(text)}`).expect(200))),
      Promise.all(texts.slice(0, 5).map((text) => request(t.http).get(`/api/v1/search/similar?title=${encodeURIComponent(text)}`).expect(200))),
    ]);
    const ids = [...answered, ...suggested].map((res) => res.body.queryId as number);
    expect(new Set(ids).size).toBe(35);
    await t.app.get(SearchLog).flush();
    const rows: { id: number; text: string; source: string }[] = await t.db.query(`SELECT id, text, source FROM search_queries WHERE id = ANY($1) ORDER BY id`, [ids]);
    const expected = [...texts.map((text, i) => ({ id: ids[i]!, text, source: 'search' })), ...texts.slice(0, 5).map((text, i) => ({ id: ids[30 + i]!, text, source: 'ask' }))];
    expect(rows).toEqual(expected.sort((a, b) => a.id - b.id));
    const [{ identity }] = await t.db.query(`INSERT INTO search_queries (text, source, result_count) VALUES ('after the batch', 'search', 0) RETURNING id AS identity`);
    expect(identity).toBeGreaterThan(Math.max(...ids)); // the table's own sequence handed out the reserved ids
  });

  it('forgets kept results when a document is added, edited or removed, but not when a vote changes a score', async () => {
    const asker = await createUser(t);
    const voter = await createUser(t, { reputation: 100 });
    const first = await askQuestion(t, asker, { title: 'Kept results about the grommet stapler', tags: ['stationery'] });
    await drainJobs(t);
    const ids = async () => (await search('q=grommet%20stapler').expect(200)).body.hits.map((h: { id: string; score: number }) => `${h.id}:${h.score}`);
    expect(await ids()).toEqual([`question-${first.id}:0`]);
    const second = await askQuestion(t, asker, { title: 'Another grommet stapler question', tags: ['stationery'] });
    await drainJobs(t);
    expect((await ids()).sort()).toEqual([`question-${first.id}:0`, `question-${second.id}:0`].sort()); // added
    await request(t.http).post(`/api/v1/questions/${second.id}/vote`).set('Authorization', `Bearer ${await tokenFor(t, voter.username)}`).send({ value: 1 }).expect(200);
    await drainJobs(t);
    expect(await ids()).toContain(`question-${second.id}:0`); // the kept score, for the time-to-live
    fixClock(new Date(Date.now() + RESULTS_CACHE.ttlMs + 1000));
    expect(await ids()).toContain(`question-${second.id}:1`);
    resetClock();
    await request(t.http).delete(`/api/v1/questions/${first.id}`).set('Authorization', `Bearer ${await tokenFor(t, asker.username)}`).expect(204);
    await drainJobs(t);
    expect(await ids()).toEqual([`question-${second.id}:1`]); // removed
  });

  it('answers a search that was under way when the index changed, from the index, never with an error', async () => {
    const index = t.app.get<SearchIndex>(SEARCH_INDEX);
    const search = index.search.bind(index);
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    index.search = async (query) => {
      calls += 1;
      if (calls === 1) await held; // the first lookup is still under way when the change arrives
      return search(query);
    };
    try {
      const pending = request(t.http).get('/api/v1/search?q=inflight%20grommet');
      const response = pending.then((res) => res);
      await waitUntil('the lookup starts', () => calls === 1, 5_000);
      await t.app.get(ClusterEvents).publish('search.changed', {});
      await waitUntil('the search is asked again after the change', () => calls === 2, 5_000);
      release();
      expect((await response).status).toBe(200);
    } finally {
      index.search = search;
    }
  });

  it('loses nothing while the engine is down: writes succeed, jobs retry, the index catches up', async () => {
    const index = t.app.get<SearchIndex>(SEARCH_INDEX);
    const upsert = index.upsert.bind(index);
    let failures = 3;
    index.upsert = async (documents) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('search engine unavailable');
      }
      return upsert(documents);
    };
    try {
      const asker = await createUser(t);
      const token = await tokenFor(t, asker.username);
      const created = await request(t.http)
        .post('/api/v1/questions')
        .set('Authorization', `Bearer ${token}`)
        .send({ title: 'Badge printer outage resilience check', body: 'Does the badge printer queue survive outages?', tags: ['badges'] })
        .expect(201);
      await drainJobs(t);
      expect((await search('q=badge%20printer%20resilience')).body.hits).toEqual([]);
      const health = await request(t.http).get('/healthz').expect(200);
      expect(health.body.backlog).toBeGreaterThan(0);
      for (let i = 0; i < 40 && failures >= 0; i++) {
        await drainJobs(t);
        if ((await search('q=badge%20printer%20resilience')).body.hits.length) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect((await search('q=badge%20printer%20resilience')).body.hits.map((h: { id: string }) => h.id)).toEqual([`question-${created.body.id}`]);
      expect(await t.app.get(JobQueue).backlog()).toBe(0);
    } finally {
      index.upsert = upsert;
    }
  }, 60_000);

  it('rebuilds the whole index with search:reindex', async () => {
    const asker = await createUser(t);
    await askQuestion(t, asker, { title: 'Reindexed question about firmware rollback', tags: ['firmware'] });
    await drainJobs(t);
    await t.db.query('DELETE FROM search_documents');
    await t.db.query(`INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, head_tsv, snippet, indexed_at)
                      VALUES ('question-999999', 'question', 'Stale ghost', '', '', '{}', false, 0, now(), '/x', to_tsvector('stale ghost'), to_tsvector('stale ghost'), '', now() - interval '1 day')`);
    const env = { ...process.env, DATABASE_URL: (t.db.options as { url: string }).url, LOG_LEVEL: 'silent', NODE_OPTIONS: '' };
    const out = await run(process.execPath, ['dist/src/cli.js', 'search:reindex'], { cwd: PROJECT_ROOT, env });
    expect(out.stdout).toContain('The search index is rebuilt.');
    expect((await search('q=firmware%20rollback').expect(200)).body.hits).toHaveLength(1);
    expect((await search('q=stale%20ghost').expect(200)).body.hits).toEqual([]);
  }, 60_000);

  it('indexes published knowledge-base articles and drops unpublished ones', async () => {
    const { PromotionService } = await import('../../../src/knowledge/promotion.service.js');
    const { ArticlesService } = await import('../../../src/knowledge/articles.service.js');
    const asker = await createUser(t);
    const helper = await createUser(t);
    const agent = await createUser(t, { role: 'agent' });
    const question = await askQuestion(t, asker, { title: 'Projector flickers on the conference room HDMI', tags: ['meeting-rooms'] });
    const answer = await postAnswer(t, helper, question.id, 'Swap the HDMI cable for a certified high speed one; the flicker stops.');
    const { article } = await t.app.get(PromotionService).promote(agent, answer.id);
    await drainJobs(t);
    expect((await search('q=projector%20flickers&kind=article').expect(200)).body.hits).toEqual([]); // a draft is not searchable
    await t.app.get(ArticlesService).publish(agent, article.id);
    await drainJobs(t);
    const found = await search('q=projector%20flickers&kind=article').expect(200);
    expect(found.body.hits.map((h: { id: string; url: string }) => [h.id, h.url])).toEqual([[`article-${article.id}`, `/kb/${article.slug}`]]);
    const similar = await request(t.http).get('/api/v1/search/similar?title=projector%20flickers%20hdmi').expect(200);
    expect(similar.body.hits[0].id).toBe(`article-${article.id}`);
    await t.app.get(ArticlesService).unpublish(agent, article.id);
    await drainJobs(t);
    expect((await search('q=projector%20flickers&kind=article').expect(200)).body.hits).toEqual([]);
  });

  it('reports the search engine in /healthz', async () => {
    const res = await request(t.http).get('/healthz').expect(200);
    expect(res.body.checks.search).toMatchObject({ status: 'ok', engine: 'postgres' });
  });
});
