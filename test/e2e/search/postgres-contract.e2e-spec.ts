import { MAX_RANKED, PostgresSearchIndex } from '../../../src/search/postgres-search.index.js';
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
      id: `question-${i + 1}`, kind: 'question' as const, title: `Sync question number ${i + 1}`, body: 'The sync fails.', answers: '',
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
