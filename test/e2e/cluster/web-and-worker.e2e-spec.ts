import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { JobQueue } from '../../../src/jobs/job-queue.js';
import { createWorker } from '../../../src/worker.setup.js';
import { askQuestion } from '../../support/factories.js';
import { createUser, startTestAppOn, testConfig, type TestApp } from '../../support/test-app.js';
import { createTestDatabase } from '../../support/test-database.js';
import { waitUntil } from '../../support/wait.js';

const TEST_JOB = 'test.cluster.web-and-worker';

/** A web-only instance (JOB_WORKERS=false) and a worker process (`npm run worker`) on one database. */
describe('A web-only instance and a worker', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let web: TestApp;
  let worker: INestApplicationContext;
  const ran = { web: [] as string[], worker: [] as string[] };

  beforeAll(async () => {
    database = await createTestDatabase();
    web = await startTestAppOn(database.url, { JOB_WORKERS: 'false' });
    worker = await createWorker(testConfig({ JOB_WORKERS: 'true', JOB_POLL_SECONDS: '1' }), database.url);
    await web.app.get(JobQueue).subscribe<{ id: string }>(TEST_JOB, async ({ id }) => void ran.web.push(id));
    await worker.get(JobQueue).subscribe<{ id: string }>(TEST_JOB, async ({ id }) => void ran.worker.push(id));
  });

  afterAll(async () => {
    await worker?.close();
    await web?.close();
    await database?.drop();
  });

  it('refuses to start a worker with JOB_WORKERS=false', async () => {
    await expect(createWorker(testConfig({ JOB_WORKERS: 'false' }), database.url)).rejects.toThrow(/JOB_WORKERS/);
  });

  it('leaves every job to the worker, which runs each once', async () => {
    const ids = Array.from({ length: 50 }, () => randomUUID());
    await web.db.transaction((tx) => web.app.get(JobQueue).publishAll(tx, ids.map((id) => ({ name: TEST_JOB, data: { id } }))));
    await waitUntil('the worker runs the 50 jobs', () => ran.worker.length >= ids.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(ran.web).toEqual([]);
    expect(ran.worker).toHaveLength(ids.length);
    expect(new Set(ran.worker)).toEqual(new Set(ids));
  });

  it("does the app's own background work in the worker: a question asked on the web instance becomes searchable there", async () => {
    const asker = await createUser(web);
    const word = `zebrafinch${randomUUID().slice(0, 8)}`;
    await askQuestion(web, asker, { title: `How do I pair the ${word} adapter?`, body: `The ${word} adapter does not show up in the device list at all.` });
    await waitUntil('the worker indexes the question', async () => {
      const res = await request(web.http).get('/api/v1/search').query({ q: word }).expect(200);
      return res.body.total > 0;
    }, 30_000);
  });
});
