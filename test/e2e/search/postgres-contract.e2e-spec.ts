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
