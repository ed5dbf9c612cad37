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
  // Equal text, different votes: the better-voted first.
  doc('question-6', { title: 'Keyboard layout resets after restart', body: 'The keyboard layout goes back to US.', tags: ['desktop'], score: 1 }),
  doc('question-7', { title: 'Keyboard layout resets after restart', body: 'The keyboard layout goes back to US.', tags: ['desktop'], score: 7 }),
  doc('question-8', { title: 'Keyboard shortcuts for the editor', body: 'Which shortcuts does the editor know?', tags: ['desktop'], score: 2 }),
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

    it('puts a better-voted match above a worse one at equal text relevance', async () => {
      expect((await ids('keyboard layout resets')).slice(0, 2)).toEqual(['question-7', 'question-6']);
      expect((await ids('keyboard layout resets', { match: 'any' })).slice(0, 2)).toEqual(['question-7', 'question-6']);
    });

    it('ranks documents that cover more of the query above those that share one word', async () => {
      const hits = await ids('keyboard layout after restart');
      expect(hits.indexOf('question-7')).toBeLessThan(hits.indexOf('question-8') === -1 ? Infinity : hits.indexOf('question-8'));
    });

    it('suggests from a title that shares only some words with the question (any word)', async () => {
      expect(await ids('why does my keyboard layout keep changing', { match: 'any', kind: 'question' })).toEqual(expect.arrayContaining(['question-7', 'question-6']));
      expect((await ids('Printer prints blank pages', { match: 'any' }))[0]).toBe('question-2');
    });

    it('pages to the end: every match once, the total kept, then an empty page', async () => {
      const first = await index.search({ text: 'keyboard', offset: 0, limit: 2 });
      const seen: string[] = [];
      for (let offset = 0; offset < 20; offset += 2) {
        const page = await index.search({ text: 'keyboard', offset, limit: 2 });
        if (page.hits.length === 0) break;
        seen.push(...page.hits.map((hit) => hit.id));
      }
      expect(first.total).toBe(3);
      expect(seen.sort()).toEqual(['question-6', 'question-7', 'question-8']);
      expect((await index.search({ text: 'keyboard', offset: 4, limit: 2 })).hits).toEqual([]);
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

    it('answers bad queries without failing: stop words only, 1,000 characters, NUL bytes, unbalanced quotes, operators only', async () => {
      const bad = ['the of and', 'printer '.repeat(125), 'printer\u0000offline', 'printer\u0000', '"printer offline', 'printer" "', '-', '- - -', '"', 'or', '((printer', '<->', ':*', '\\', 'printer & | !'];
      for (const text of bad) {
        const results = await index.search({ text, offset: 0, limit: 10 });
        expect(Array.isArray(results.hits)).toBe(true);
        expect(typeof results.total).toBe('number');
        const similar = await index.search({ text, match: 'any', kind: 'question', offset: 0, limit: 5 });
        expect(Array.isArray(similar.hits)).toBe(true);
      }
      expect(await ids('"printer offline')).toContain('question-1');
      expect(await ids('printer\u0000offline')).toContain('question-1');
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
