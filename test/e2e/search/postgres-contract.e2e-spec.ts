import { MAX_RANKED, nearMissPage, PostgresSearchIndex, rankedPage, rankedPageOf, type Sql, type WordStats } from '../../../src/search/postgres-search.index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { searchContract } from './search-contract.js';

let t: TestApp;
afterAll(() => t?.close());

searchContract('PostgreSQL full-text', async () => {
  t = await startTestApp();
  return new PostgresSearchIndex(t.db);
});

describe('PostgreSQL full-text, a broad query', () => {
  let u: TestApp;
  beforeAll(async () => {
    u = await startTestApp();
  });
  afterAll(() => u.close());

  it(`ranks at most the ${MAX_RANKED} best-voted matches, and says so in the total, as Meilisearch's maxTotalHits does`, async () => {
    const index = new PostgresSearchIndex(u.db);
    const documents = Array.from({ length: MAX_RANKED + 50 }, (_, i) => ({
      id: `question-${i + 1}`, kind: 'question' as const, title: `Sync question number ${String(i + 1).padStart(4, '0')}`, body: 'The sync fails.', answers: '',
      tags: [], solved: false, score: i, createdAt: Date.parse('2026-01-01T00:00:00Z'), url: `/questions/${i + 1}`,
    }));
    await index.upsert(documents);
    const results = await index.search({ text: 'sync', limit: 10, offset: 0 });
    expect(results.total).toBe(MAX_RANKED);
    expect(results.hits).toHaveLength(10);
    // Equal relevance, so the best-voted come first; the 50 lowest-voted were never ranked.
    expect(results.hits[0]!.score).toBe(MAX_RANKED + 49);
    const last = await index.search({ text: 'sync', limit: 10, offset: MAX_RANKED - 10 });
    expect(Math.min(...last.hits.map((hit) => hit.score))).toBe(50);
  });

  it('finds a question by its exact title first even when its words are too common to find it (as at a million posts)', async () => {
    const index = new PostgresSearchIndex(u.db);
    await index.upsert(Array.from({ length: 400 }, (_, i) => ({
      id: `question-${2000 + i}`, kind: 'question' as const, title: i === 0 ? 'Stapler jams again' : `Stapler jams again and again ${i}`, body: 'It jams.', answers: '',
      tags: [], solved: false, score: i, createdAt: Date.parse('2026-01-01T00:00:00Z'), url: `/questions/${2000 + i}`,
    })));
    // Every word as common as in half the titles of a large community: the words' branches keep only the best-voted.
    const text = 'Stapler jams again';
    const common = { words: ['stapler', 'jam', 'again'].map((lexeme) => ({ lexeme, idf: Math.log(2), titleShare: 0.5, documentShare: 0.5 })), documents: 1_000_000, titles: 200_000 };
    for (const match of ['any', undefined] as const) {
      const [first] = await u.db.query(...rankedPageOf({ text, match, kind: 'question', offset: 0, limit: 5 }, common));
      expect(first.id).toBe('question-2000'); // the least voted of the 400
    }
  });

  it('finds the thread whose body holds a query\'s rarest word among many better-voted ones holding its commoner words', async () => {
    const index = new PostgresSearchIndex(u.db);
    const thread = (i: number, body: string, score: number) => ({
      id: `question-${1000 + i}`, kind: 'question' as const, title: `Device report ${i}`, body, answers: '',
      tags: [], solved: true, score, createdAt: Date.parse('2026-01-01T00:00:00Z'), url: `/questions/${1000 + i}`,
    });
    await index.upsert([
      ...Array.from({ length: 150 }, (_, i) => thread(i, 'The printer driver stopped after the update.', 10 + i)),
      thread(150, 'The printer driver for the Kestrelmark scanner stopped.', 0),
    ]);
    const { hits } = await index.search({ text: 'kestrelmark printer driver', match: 'any', kind: 'question', offset: 0, limit: 5 });
    expect(hits[0]?.id).toBe('question-1150');
  });
});

describe('PostgreSQL full-text, the title words\' lists', () => {
  let u: TestApp;
  beforeAll(async () => (u = await startTestApp()));
  afterAll(() => u.close());

  /** Rows of the lists that differ from what the titles, tags, kinds, solved flags and scores say. */
  const drift = () => u.db.query(`
    (SELECT lexeme, id, kind, solved, score FROM search_title_words
     EXCEPT SELECT l, id, kind, solved, score FROM search_heads, unnest(tsvector_to_array(head_tsv)) l)
    UNION ALL
    (SELECT l, id, kind, solved, score FROM search_heads, unnest(tsvector_to_array(head_tsv)) l
     EXCEPT SELECT lexeme, id, kind, solved, score FROM search_title_words)`);

  it('stay in step with the titles through every kind of change, answers never listed', async () => {
    const index = new PostgresSearchIndex(u.db);
    const doc = (id: string, title: string, extra: Partial<Parameters<PostgresSearchIndex['upsert']>[0][number]> = {}) => ({
      id, kind: 'question' as const, title, body: 'Body text.', answers: '', tags: ['billing'], solved: false, score: 0,
      createdAt: Date.parse('2026-01-01T00:00:00Z'), url: `/questions/${id}`, ...extra,
    });
    await index.upsert([doc('question-1', 'Invoice totals are wrong'), doc('question-2', 'Refund never arrived'), doc('answer-3', 'Invoice totals are wrong', { kind: 'answer' })]);
    const lexemes = async (id: string) => (await u.db.query('SELECT lexeme FROM search_title_words WHERE id = $1 ORDER BY lexeme', [id])).map((r: { lexeme: string }) => r.lexeme);
    expect(await lexemes('question-1')).toEqual(['billing', 'invoic', 'total', 'wrong']);
    expect(await lexemes('answer-3')).toEqual([]);
    await index.upsert([doc('question-1', 'Invoice rounding is wrong', { tags: ['billing', 'tax'], solved: true })]); // title, tags and solved edited
    await index.updateScores([{ id: 'question-2', score: 7 }, { id: 'answer-3', score: 2 }]);
    await index.upsert([doc('question-2', 'Refund never arrived', { kind: 'article', score: 7 })]);
    expect(await drift()).toEqual([]);
    expect(await lexemes('question-1')).toEqual(['billing', 'invoic', 'round', 'tax', 'wrong']);
    const [refund] = await u.db.query(`SELECT DISTINCT kind, score FROM search_title_words WHERE id = 'question-2'`);
    expect(refund).toEqual({ kind: 'article', score: 7 });
    expect(await index.remove(['question-1'])).toBe(1);
    expect(await lexemes('question-1')).toEqual([]);
    expect(await drift()).toEqual([]);
  });
});

describe('PostgreSQL full-text, paging', () => {
  let u: TestApp;
  let index: PostgresSearchIndex;
  beforeAll(async () => {
    u = await startTestApp();
    index = new PostgresSearchIndex(u.db);
    await index.upsert(['Printer offline after update', 'Printer offline on Windows', 'Printer offline on macOS'].map((title, i) => ({
      id: `question-${i + 1}`, kind: 'question' as const, title, body: 'It stopped printing.', answers: '',
      tags: [], solved: false, score: i, createdAt: Date.parse('2026-01-01T00:00:00Z'), url: `/questions/${i + 1}`,
    })));
  });
  afterAll(() => u.close());

  it('pages through near misses of a misspelt query too', async () => {
    const first = await index.search({ text: 'prnter offlne', limit: 2, offset: 0 });
    const second = await index.search({ text: 'prnter offlne', limit: 2, offset: 2 });
    expect(first.hits).toHaveLength(2);
    expect(second.hits).toHaveLength(1);
    expect(new Set([...first.hits, ...second.hits].map((hit) => hit.id)).size).toBe(3);
  });

  it('ends the results after the last match of the words, without near misses', async () => {
    const past = await index.search({ text: 'printer', limit: 2, offset: 4 });
    expect(past.hits).toEqual([]);
  });
});

describe('PostgreSQL full-text, query plans: each query stays on its index', () => {
  let u: TestApp;
  let stats: WordStats;
  beforeAll(async () => {
    u = await startTestApp();
    // 30,000 documents with a long-tailed vocabulary, enough for the planner to prefer the indexes.
    await u.db.query(`
      INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, head_tsv, snippet, indexed_at)
      SELECT 'question-' || g, CASE WHEN g % 5 = 0 THEN 'question' ELSE 'answer' END, t.title, t.body, '', ARRAY['tag' || (g % 50)], g % 3 = 0, g % 40, now(), '/questions/' || g,
             setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.body), 'C'),
             setweight(to_tsvector('english', t.title), 'A'), left(t.body, 320), now()
      FROM generate_series(1, 30000) g,
        LATERAL (SELECT 'word' || (g * 7 % 3001) || ' term' || (g * 13 % 2003) || ' thing' || (g % 997) AS title,
                        'body' || (g * 17 % 4001) || ' text' || (g % 1009) || ' word' || (g * 3 % 3001) AS body) t`);
    await u.db.query('ANALYZE search_documents');
    await u.db.query('ANALYZE search_heads');
    await u.db.query('ANALYZE search_title_words');
    stats = await new PostgresSearchIndex(u.db).wordStats();
  });
  afterAll(() => u.close());

  const plan = async ([sql, params]: Sql) => {
    // Seq scans off, as at scale: the small test tables would otherwise be cheaper to read whole.
    const rows: { 'QUERY PLAN': string }[] = await u.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query(`EXPLAIN ${sql}`, params);
    });
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  };

  it('search (every word anywhere, then any rarer title word) reads the full-text GIN index and the title words\' lists, never the whole table', async () => {
    const text = await plan(await rankedPage(u.db, { text: 'word17 term5', offset: 0, limit: 20 }, stats));
    expect(text).toMatch(/Bitmap Index Scan on search_documents_tsv/);
    expect(text).toMatch(/Scan (using|on) search_title_words_by_score/);
    expect(text).not.toMatch(/Seq Scan on search_(documents|heads)/);
  });

  it('a query of one common word walks the best-voted matches or the GIN index, never the whole table', async () => {
    const text = await plan(await rankedPage(u.db, { text: 'thing5', offset: 0, limit: 20 }, stats));
    expect(text).toMatch(/search_documents_tsv|search_title_words_by_score/);
    expect(text).not.toMatch(/Seq Scan on search_(documents|heads)/);
  });

  it('search filtered by tag (which the title words\' lists do not carry) starts from the GIN indexes', async () => {
    const text = await plan(await rankedPage(u.db, { text: 'word17 term5', kind: 'question', solved: true, tag: 'tag5', offset: 20, limit: 20 }, stats));
    expect(text).toMatch(/Bitmap Index Scan on search_(documents|heads)_tsv/);
    expect(text).not.toMatch(/Seq Scan on search_(documents|heads)/);
  });

  it('suggestions (rarer words of a title) read the title words\' lists, and the full-text index only for the rarest words', async () => {
    const text = await plan(await rankedPage(u.db, { text: 'how to fix word17 with thing5 and term9', match: 'any', kind: 'question', solved: true, offset: 0, limit: 5 }, stats));
    expect(text).toMatch(/Scan (using|on) search_title_words_by_score/);
    expect(text.match(/Index Scan on search_documents_tsv/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(text).not.toMatch(/Seq Scan on search_(documents|heads)/);
  });

  it('at a million documents, common words walk the heads of their title lists (every word: the best-voted titles) and never read the full text', async () => {
    // The shape chosen for words in half of all documents of a community of a million (the figures
    // are the statistics'); planned here on the small index, which has the same indexes.
    const common = { words: ['word17', 'term5'].map((lexeme) => ({ lexeme, idf: Math.log(2), titleShare: 0.5, documentShare: 0.5 })), documents: 1_000_000, titles: 200_000 };
    for (const match of ['all', 'any'] as const) {
      const [sql, params] = rankedPageOf({ text: 'word17 term5', match, offset: 0, limit: 20 }, common);
      expect(sql).not.toMatch(/FROM search_documents d\s+WHERE d\.tsv/);
      const text = await plan([sql, params]);
      expect(sql).toMatch(/FROM search_title_words d WHERE d\.lexeme = w\.lexeme\s+ORDER BY d\.score DESC, d\.id DESC LIMIT/); // each word's best-voted titles
      expect(text).toMatch(/Scan (Backward )?(using|on) search_title_words_by_score/); // a walk at scale, where each list is long
      if (match === 'all') expect(sql).toMatch(/FROM search_heads d\s+WHERE d\.head_tsv @@ \$\d+::tsquery\s+ORDER BY d\.score DESC/); // a walk of the score index at scale
      expect(text).not.toMatch(/search_documents_tsv|Seq Scan on search_(documents|heads)/);
    }
  });

  it('reads the full text for every word only when the rarest of them is rare, however few documents hold them all', async () => {
    // Two words in 5 % of a million documents each: together in about 2,500, but the GIN AND would read 50,000 postings.
    const plan = (documentShare: number) => ({ words: ['word17', 'term5'].map((lexeme) => ({ lexeme, idf: 3, titleShare: 0.05, documentShare })), documents: 1_000_000, titles: 200_000 });
    const [fairlyCommon] = rankedPageOf({ text: 'word17 term5', offset: 0, limit: 20 }, plan(0.05));
    expect(fairlyCommon).not.toMatch(/FROM search_documents d\s+WHERE d\.tsv @@/);
    const [rare] = rankedPageOf({ text: 'word17 term5', offset: 0, limit: 20 }, plan(0.004));
    expect(rare).toMatch(/true AS all_words, NULL::float8 AS cover FROM search_documents d\s+WHERE d\.tsv @@/);
  });

  it('reads a thread\'s whole vector only for the best-placed candidates still without one: the place gates the read', async () => {
    const text = await plan(await rankedPage(u.db, { text: 'word17 term5 thing5', offset: 0, limit: 20 }, stats));
    // A one-time filter skips the read; a join filter (the subquery flattened) would drop rows only after reading every candidate's thread.
    expect(text).toMatch(/One-Time Filter: .*row_number\(\) OVER/);
    expect(text).not.toMatch(/Join Filter: .*row_number\(\) OVER/);
  });

  it('near misses of a misspelt query read the title trigram index', async () => {
    const text = await plan(nearMissPage({ text: 'wrod17 trem5', offset: 0, limit: 20 }));
    expect(text).toMatch(/Bitmap Index Scan on search_documents_title_trgm/);
    expect(text).not.toMatch(/Seq Scan on search_(documents|heads)/);
  });
});
