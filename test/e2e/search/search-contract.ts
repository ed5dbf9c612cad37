import type { SearchDocument, SearchIndex } from '../../../src/search/search-index.port.js';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../../src/search/search-index.port.js';

const doc = (id: string, fields: Partial<SearchDocument>): SearchDocument => ({
  id,
  kind: 'question',
  title: '',
  body: '',
  answers: '',
  tags: [],
  solved: false,
  score: 0,
  createdAt: Date.parse('2026-01-01T00:00:00Z'),
  url: `/questions/${id}`,
  ...fields,
});

export const CONTRACT_DOCUMENTS: SearchDocument[] = [
  doc('question-1', { title: 'Printer shows offline on Windows 11', body: 'The office printer is offline after the update.', tags: ['printing', 'windows'], solved: true, score: 3 }),
  doc('question-2', { title: 'Printer prints blank pages', body: 'Every page comes out blank from the printer tray.', tags: ['printing'], score: 9 }),
  doc('question-3', { title: 'Export invoices as CSV', body: 'How can I export my invoices for the accountant?', tags: ['billing'], solved: true }),
  doc('answer-4', { kind: 'answer', title: 'Export invoices as CSV', body: 'Use Billing, History, Export to download a CSV file of invoices.', tags: ['billing'], solved: true }),
  doc('question-5', { title: 'Router drops the connection', body: 'Wireless router disconnects every few minutes.', tags: ['networking'] }),
];

/**
 * The contract every SearchIndex adapter keeps, run against PostgreSQL always and against a real
 * Meilisearch whenever MEILI_HOST is set. `fresh` gives an empty, prepared index.
 */
export function searchContract(name: string, fresh: () => Promise<SearchIndex>, enabled = true) {
  (enabled ? describe : describe.skip)(`search contract: ${name}`, () => {
    let index: SearchIndex;
    beforeAll(async () => {
      index = await fresh();
      await index.upsert(CONTRACT_DOCUMENTS);
    });
    const ids = async (text: string, extra: Partial<Parameters<SearchIndex['search']>[0]> = {}) =>
      (await index.search({ text, offset: 0, limit: 10, ...extra })).hits.map((hit) => hit.id);

    it('puts an exact title first', async () => {
      expect((await ids('Printer prints blank pages'))[0]).toBe('question-2');
      expect((await ids('Printer shows offline on Windows 11'))[0]).toBe('question-1');
    });

    it('finds a question despite a one-letter typo', async () => {
      expect(await ids('printr offline')).toContain('question-1');
      expect(await ids('exprt invoices')).toContain('question-3');
    });

    it('filters by tag, solved and kind', async () => {
      expect((await ids('printer', { tag: 'printing', solved: true })).sort()).toEqual(['question-1']);
      expect((await ids('printer', { solved: false })).sort()).toEqual(['question-2']);
      expect(await ids('invoices', { kind: 'answer' })).toEqual(['answer-4']);
      expect(await ids('invoices', { kind: 'question' })).toEqual(['question-3']);
    });

    it('never returns removed documents', async () => {
      await index.upsert([doc('question-9', { title: 'Temporary duplicate about routers', body: 'router router' })]);
      expect(await ids('temporary duplicate routers')).toContain('question-9');
      await index.remove(['question-9']);
      expect(await ids('temporary duplicate routers')).not.toContain('question-9');
    });

    it('highlights the matched terms in snippets', async () => {
      const [hit] = (await index.search({ text: 'blank', offset: 0, limit: 1 })).hits;
      expect(hit!.snippet).toContain(`${HIGHLIGHT_START}blank${HIGHLIGHT_END}`);
    });

    it('returns nothing, without failing, for punctuation and injection attempts', async () => {
      for (const text of ['!!!', '") OR 1=1 --', 'tags = x OR kind = y', "'; DROP TABLE posts; --"]) {
        const results = await index.search({ text, offset: 0, limit: 10 });
        expect(Array.isArray(results.hits)).toBe(true);
      }
      expect(await ids('router', { tag: 'x" OR kind = "answer' })).toEqual([]);
    });
  });
}
