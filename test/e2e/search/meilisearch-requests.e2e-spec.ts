import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MEILI_SETTINGS, MeilisearchIndex } from '../../../src/search/meilisearch.index.js';

interface Recorded {
  method: string;
  path: string;
  body: unknown;
  authorization?: string;
}

/**
 * No Meilisearch runs on these machines, so this checks what the adapter sends against
 * Meilisearch's documented HTTP API, with a stand-in server that answers as the docs describe.
 */
describe('the Meilisearch adapter speaks the documented API', () => {
  let server: Server;
  let index: MeilisearchIndex;
  const requests: Recorded[] = [];
  let taskUid = 0;

  const read = (req: IncomingMessage) =>
    new Promise<unknown>((resolve) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => resolve(raw ? JSON.parse(raw) : undefined));
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await read(req);
      const url = new URL(req.url!, 'http://meili');
      requests.push({ method: req.method!, path: url.pathname + url.search, body, authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      const now = new Date().toISOString();
      if (req.method === 'GET' && url.pathname.startsWith('/tasks/')) {
        const uid = Number(url.pathname.split('/')[2]);
        res.end(JSON.stringify({ uid, batchUid: uid, indexUid: 'posts', status: 'succeeded', type: 'documentAdditionOrUpdate', canceledBy: null, details: {}, error: null, duration: 'PT0.001S', enqueuedAt: now, startedAt: now, finishedAt: now }));
      } else if (req.method === 'GET' && url.pathname === '/health') {
        res.end(JSON.stringify({ status: 'available' }));
      } else if (req.method === 'POST' && url.pathname === '/indexes/posts/search') {
        res.end(
          JSON.stringify({
            hits: [{ id: 'question-1', kind: 'question', title: 'Printer offline', body: 'The printer is offline', answers: '', tags: ['printing'], solved: true, score: 2, createdAt: 0, url: '/questions/1', status: 'visible', _formatted: { title: '\u0001Printer\u0002 offline', body: 'The \u0001printer\u0002 is offline' } }],
            query: 'printer',
            processingTimeMs: 1,
            limit: 20,
            offset: 0,
            estimatedTotalHits: 1,
          }),
        );
      } else {
        res.statusCode = 202;
        res.end(JSON.stringify({ taskUid: ++taskUid, indexUid: 'posts', status: 'enqueued', type: 'x', enqueuedAt: now }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    index = new MeilisearchIndex(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'master-key-for-tests');
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const last = (method: string, path: string) => [...requests].reverse().find((r) => r.method === method && r.path.startsWith(path));

  it('creates the index with id as primary key and applies the settings declared in code', async () => {
    await index.prepare();
    expect(last('POST', '/indexes')?.body).toEqual({ uid: 'posts', primaryKey: 'id' });
    const settings = last('PATCH', '/indexes/posts/settings')?.body as typeof MEILI_SETTINGS;
    expect(settings.searchableAttributes).toEqual(['title', 'tags', 'body', 'answers']);
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(['kind', 'tags', 'solved', 'status']));
    expect(settings.sortableAttributes).toEqual(['score', 'createdAt']);
    expect(settings.typoTolerance).toMatchObject({ enabled: true });
    expect(last('PATCH', '/indexes/posts/settings')?.authorization).toBe('Bearer master-key-for-tests');
    expect(requests.some((r) => r.method === 'GET' && r.path.startsWith('/tasks/'))).toBe(true);
  });

  it('adds documents with their fields and a visible status, and deletes by id', async () => {
    await index.upsert([{ id: 'question-1', kind: 'question', title: 'T', body: 'B', answers: 'A', tags: ['x'], solved: false, score: 1, createdAt: 5, url: '/questions/1' }]);
    const add = last('POST', '/indexes/posts/documents');
    expect(add?.path).toContain('primaryKey=id');
    expect(add?.body).toEqual([{ id: 'question-1', kind: 'question', title: 'T', body: 'B', answers: 'A', tags: ['x'], solved: false, score: 1, createdAt: 5, url: '/questions/1', status: 'visible' }]);
    await index.remove(['question-1', 'answer-2']);
    expect(last('POST', '/indexes/posts/documents/delete-batch')?.body).toEqual(['question-1', 'answer-2']);
  });

  it('searches with quoted filters, highlighting and cropping, and maps the hits', async () => {
    const results = await index.search({ text: 'printer', kind: 'question', tag: 'printing', solved: true, offset: 20, limit: 20 });
    expect(last('POST', '/indexes/posts/search')?.body).toEqual({
      q: 'printer',
      filter: ['status = "visible"', 'kind = "question"', 'tags = "printing"', 'solved = true'],
      offset: 20,
      limit: 20,
      attributesToHighlight: ['title', 'body'],
      attributesToCrop: ['body'],
      cropLength: 30,
      highlightPreTag: '\u0001',
      highlightPostTag: '\u0002',
    });
    expect(results.hits[0]).toMatchObject({ id: 'question-1', titleHighlighted: '\u0001Printer\u0002 offline', snippet: 'The \u0001printer\u0002 is offline' });
    await index.search({ text: 'x', tag: 'a" OR kind = "answer', offset: 0, limit: 1 });
    expect((last('POST', '/indexes/posts/search')?.body as { filter: string[] }).filter).toContain('tags = "a OR kind = answer"');
  });

  it('rebuilds into a second index and swaps it in', async () => {
    async function* batches() {
      yield [{ id: 'question-7', kind: 'question' as const, title: 'T', body: 'B', answers: '', tags: [], solved: false, score: 0, createdAt: 0, url: '/q/7' }];
    }
    await index.rebuild(batches());
    expect(last('POST', '/indexes/posts_rebuild/documents')?.body).toHaveLength(1);
    expect(last('POST', '/swap-indexes')?.body).toEqual([{ indexes: ['posts', 'posts_rebuild'], rename: false }]);
    expect(await index.healthy()).toBe(true);
  });
});
