import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { startEmbeddedPostgres, type RunningDatabase } from '../../../src/database/embedded-postgres.js';
import { runMigrations } from '../../../src/database/open-database.js';
import { questionPath } from '../../../src/threads/threads.presenter.js';
import { askQuestion } from '../../support/factories.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestAppOn, type TestApp } from '../../support/test-app.js';
import { startStreamingReplica, type StreamingReplica } from '../../support/streaming-replica.js';
import { waitUntil } from '../../support/wait.js';

const READ_YOUR_WRITES_SECONDS = 3;

/**
 * A real streaming replica of an embedded PostgreSQL (same binaries, base backup and standby).
 * To tell where a read went, the replica's replay is paused: what is written after that exists on
 * the primary only, so a page that shows it was read from the primary and one that misses it from
 * the replica.
 */
describe('Reads from a streaming replica', () => {
  let primary: RunningDatabase;
  let replica: StreamingReplica;
  let replicaAdmin: pg.Client;
  /** Tolerates a minute of lag: it keeps reading from the paused replica. */
  let app: TestApp;
  /** Tolerates one second of lag: it falls back to the primary once the paused replica falls behind. */
  let strict: TestApp;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'answerbase-replication-'));
    primary = await startEmbeddedPostgres(dataDir);
    await runMigrations(primary.url);
    replica = await startStreamingReplica(primary.url, join(dataDir, 'postgres'), join(dataDir, 'replica'));
    replicaAdmin = new pg.Client({ connectionString: replica.url });
    await replicaAdmin.connect();
    const env = { DATABASE_REPLICA_URL: replica.url, READ_YOUR_WRITES_SECONDS: String(READ_YOUR_WRITES_SECONDS) };
    app = await startTestAppOn(primary.url, { ...env, REPLICA_MAX_LAG_SECONDS: '60' });
    strict = await startTestAppOn(primary.url, { ...env, REPLICA_MAX_LAG_SECONDS: '1' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await strict?.close();
    await replicaAdmin?.end().catch(() => undefined);
    await replica?.stop();
    await primary?.stop();
  });

  const health = async (t: TestApp) => (await request(t.http).get('/healthz')).body as { status: string; replica: { status: string; readsFrom: string; lagSeconds?: number } };

  it('reports the replica in /healthz and sends reads to it once it has caught up', async () => {
    await waitUntil('the replica is in use', async () => (await health(app)).replica.readsFrom === 'replica', 10_000);
    const report = await health(app);
    expect(report.status).toBe('ok');
    expect(report.replica.status).toBe('ok');
  });

  describe('with the replica paused behind the primary', () => {
    let question: Awaited<ReturnType<typeof askQuestion>>;
    let word: string;

    beforeAll(async () => {
      await replicaAdmin.query('SELECT pg_wal_replay_pause()');
      const asker = await createUser(app);
      word = `quokka${Date.now().toString(36)}`;
      question = await askQuestion(app, asker, { title: `Why does the ${word} sync stop overnight?`, body: `Every night the ${word} sync stops at 2 am and never resumes.` });
      await drainJobs(app); // indexes it (on the primary)
    });

    it('serves anonymous thread pages, lists and searches from the replica', async () => {
      // The primary has the question; the paused replica does not.
      await request(app.http).get(questionPath(question)).expect(404);
      expect((await request(app.http).get('/questions').expect(200)).text).not.toContain(word);
      expect((await request(app.http).get('/api/v1/search').query({ q: word }).expect(200)).body.total).toBe(0);
      expect((await health(app)).replica.readsFrom).toBe('replica');
    });

    it('reads from the replica for a member until they write, then from the primary (read-your-writes)', async () => {
      const member = await createUser(app);
      const agent = await signedInAgent(app, member.username);
      // Let the sign-in's own window pass: this member now reads like anyone else, from the replica.
      await new Promise((resolve) => setTimeout(resolve, READ_YOUR_WRITES_SECONDS * 1000 + 500));
      await agent.get(questionPath(question)).expect(404);

      // The member answers the new question (the write goes to the primary) and is sent to the thread.
      const answer = `Set the ${word} schedule to continuous in Settings, then restart the agent.`;
      await agent
        .post(`/questions/${question.id}/answers`)
        .type('form')
        .send({ _csrf: await csrfOf(agent), body: answer })
        .expect(302);
      const page = await agent.get(questionPath(question)).expect(200);
      expect(page.text).toContain(`Set the ${word} schedule`);
      // An anonymous reader still reads the replica.
      await request(app.http).get(questionPath(question)).expect(404);
    });

    it('falls back to the primary when the replica lags beyond the bound, and /healthz says so', async () => {
      await waitUntil('the strict instance sees the lag', async () => (await health(strict)).replica.status === 'lagging', 15_000);
      const report = await health(strict);
      expect(report.status).toBe('ok');
      expect(report.replica.readsFrom).toBe('primary');
      expect(report.replica.lagSeconds).toBeGreaterThan(1);
      await request(strict.http).get(questionPath(question)).expect(200);
    });

    afterAll(async () => {
      await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    });
  });

  it('catches up after replay resumes: the replica serves the new thread', async () => {
    const [row] = await app.db.query(`SELECT id, slug FROM posts WHERE type = 'question' ORDER BY id DESC LIMIT 1`);
    await waitUntil('the strict instance reads from the replica again', async () => (await health(strict)).replica.readsFrom === 'replica', 15_000);
    await waitUntil('the replica serves the thread', async () => (await request(strict.http).get(`/questions/${row.id}/${row.slug}`)).status === 200, 10_000);
  });

  it('falls back to the primary when the replica is stopped, and /healthz says so', async () => {
    await replicaAdmin.end().catch(() => undefined);
    await replica.stop();
    await waitUntil('the app notices the replica is down', async () => (await health(app)).replica.status === 'down', 10_000);
    const report = await health(app);
    expect(report.status).toBe('ok');
    expect(report.replica.readsFrom).toBe('primary');
    const [row] = await app.db.query(`SELECT id, slug FROM posts WHERE type = 'question' ORDER BY id DESC LIMIT 1`);
    await request(app.http).get(`/questions/${row.id}/${row.slug}`).expect(200);
    await request(app.http).get('/questions').expect(200);
    await request(app.http).get('/api/v1/search').query({ q: 'sync' }).expect(200);
  });
});
