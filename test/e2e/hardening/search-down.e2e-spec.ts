import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { freePort } from '../../../src/database/embedded-postgres.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { pause } from './support/app-process.js';

/**
 * Fault: the search engine is unreachable. Writes succeed, /healthz says so, the indexing jobs wait
 * and retry, and once the engine answers again the index catches up (a stand-in Meilisearch that
 * answers as its documented API does: no Meilisearch runs on these machines).
 */
describe('the search engine unreachable', () => {
  let t: TestApp;
  let port: number;
  let server: Server | undefined;
  const received: string[] = [];

  beforeAll(async () => {
    port = await freePort(); // nothing listens here yet
    t = await startTestApp({ MEILI_HOST: `http://127.0.0.1:${port}`, MEILI_API_KEY: 'key-for-tests' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  function standIn(): Server {
    let taskUid = 0;
    return createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://meili');
        if (req.method === 'POST' || req.method === 'PUT') received.push(`${url.pathname} ${raw}`);
        res.setHeader('content-type', 'application/json');
        const now = new Date().toISOString();
        if (req.method === 'GET' && url.pathname.startsWith('/tasks/')) {
          const uid = Number(url.pathname.split('/')[2]);
          res.end(JSON.stringify({ uid, batchUid: uid, indexUid: 'posts', status: 'succeeded', type: 'documentAdditionOrUpdate', canceledBy: null, details: {}, error: null, duration: 'PT0.001S', enqueuedAt: now, startedAt: now, finishedAt: now }));
        } else if (req.method === 'GET' && url.pathname === '/health') {
          res.end(JSON.stringify({ status: 'available' }));
        } else if (url.pathname.endsWith('/search')) {
          res.end(JSON.stringify({ hits: [], query: '', processingTimeMs: 1, limit: 20, offset: 0, estimatedTotalHits: 0 }));
        } else {
          res.statusCode = 202;
          res.end(JSON.stringify({ taskUid: ++taskUid, indexUid: 'posts', status: 'enqueued', type: 'x', enqueuedAt: now }));
        }
      });
    });
  }

  it('lets writes succeed, reports the engine down, and catches the index up once it answers', async () => {
    const asker = await createUser(t);
    const token = await tokenFor(t, asker.username);
    const phrase = 'Reinstall the spooler while the engine is down';
    const res = await request(t.http)
      .post('/api/v1/questions')
      .set('Authorization', `Bearer ${token}`)
      .send({ title: 'Printing fails while search is unreachable', body: `${phrase}, then print a test page.`, tags: ['printing'] })
      .expect(201);

    await drainJobs(t); // the indexing job fails and waits for its retry
    const health = (await request(t.http).get('/healthz').expect(200)).body;
    expect(health.checks.search.status).toBe('unavailable');
    expect(health.jobs.waiting).toBeGreaterThan(0);

    server = standIn();
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    let indexed = false;
    for (let i = 0; i < 60 && !indexed; i++) {
      await drainJobs(t);
      indexed = received.some((line) => line.includes(phrase));
      if (!indexed) await pause(500);
    }
    expect(indexed).toBe(true);
    expect(received.some((line) => line.includes(`question-${res.body.id}`))).toBe(true);
    const after = (await request(t.http).get('/healthz').expect(200)).body;
    expect(after.checks.search.status).toBe('ok');
  });
});
