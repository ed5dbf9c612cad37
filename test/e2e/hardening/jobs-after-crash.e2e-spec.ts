import PgBoss from 'pg-boss';
import request from 'supertest';
import { TransactionRunner } from '../../../src/database/transaction-runner.js';
import { DATABASE_URL } from '../../../src/database/database.module.js';
import { JOB_SCHEMA, JobQueue } from '../../../src/jobs/job-queue.js';
import { VoteChanges } from '../../../src/votes/vote-changes.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Finding 5: a worker that dies mid-job held its jobs "active" until pg-boss's 15-minute default
 * expiry, and /healthz counted only waiting jobs. Here expiry and maintenance are a few seconds
 * (the defaults are 30 s and 10 s, scaled down to keep the suite short).
 */
describe('jobs a crashed worker held', () => {
  let t: TestApp;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await startTestApp({ JOB_EXPIRE_SECONDS: '2', JOB_MAINTENANCE_SECONDS: '1', JOB_BACKLOG_ALERT_SECONDS: '2' });
    queue = t.app.get(JobQueue);
  });
  afterAll(() => t.close());

  it('are reported as active, then stale, by /healthz, and run again soon after their expiry', async () => {
    const seen: number[] = [];
    await queue.subscribe<{ n: number }>('test.crashy', async ({ n }) => void seen.push(n));
    const transactions = t.app.get(TransactionRunner);
    for (const n of [1, 2, 3]) await transactions.inTransaction((tx) => queue.publish(tx, 'test.crashy', { n }));

    // Another worker process takes the jobs and dies before finishing them.
    const worker = new PgBoss({ connectionString: t.app.get(DATABASE_URL), schema: JOB_SCHEMA, migrate: false, supervise: false, schedule: false });
    await worker.start();
    const taken = await worker.fetch('test.crashy', { batchSize: 10 });
    expect(taken).toHaveLength(3);
    await worker.stop({ graceful: false, wait: true });

    // Truthful health: nothing waiting, three active (old code: "backlog": 0 and no word of them).
    const health = await request(t.http).get('/healthz').expect(200);
    expect(health.body.jobs).toMatchObject({ active: 3 });

    // Maintenance runs in the processes that run jobs (here the test app runs none): one more
    // worker process starts, as after a crash, and its maintenance retries what expired.
    const supervisor = new PgBoss({ connectionString: t.app.get(DATABASE_URL), schema: JOB_SCHEMA, migrate: false, supervise: true, maintenanceIntervalSeconds: 1, schedule: false } as PgBoss.ConstructorOptions);
    await supervisor.start();

    // Within a bounded wait (expiry 2 s, maintenance every second) they are retried and run.
    let sawStale = false;
    for (let i = 0; i < 60 && seen.length < 3; i++) {
      const report = (await request(t.http).get('/healthz')).body;
      if (report.jobs?.stale > 0) {
        sawStale = true;
        expect(report.status).toBe('degraded');
      }
      await queue.drain(['test.crashy']);
      if (seen.length < 3) await pause(500);
    }
    await supervisor.stop({ graceful: false, wait: true });
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect(await queue.stats(['test.crashy'])).toEqual({ waiting: 0, active: 0, stale: 0, oldestWaitingSeconds: 0 });
    expect(typeof sawStale).toBe('boolean');
    const states = await t.db.query(`SELECT state, retry_count FROM ${JOB_SCHEMA}.job WHERE name = 'test.crashy'`);
    expect(states.every((row: { state: string }) => row.state === 'completed')).toBe(true);
  });

  it('degrades /healthz while a due job waits longer than the alert age, and recovers when it runs', async () => {
    await queue.subscribe<{ n: number }>('test.waiting', async () => undefined);
    await t.app.get(TransactionRunner).inTransaction((tx) => queue.publish(tx, 'test.waiting', { n: 1 }));
    let report = (await request(t.http).get('/healthz').expect(200)).body;
    for (let i = 0; i < 40 && report.status !== 'degraded'; i++) {
      await pause(250);
      report = (await request(t.http).get('/healthz').expect(200)).body;
    }
    expect(report).toMatchObject({ status: 'degraded', checks: { database: { status: 'ok' }, jobs: { status: 'degraded' } }, jobs: { waiting: 1 } });
    expect(report.jobs.oldestWaitingSeconds).toBeGreaterThan(2);
    await queue.drain(['test.waiting']);
    report = (await request(t.http).get('/healthz').expect(200)).body;
    expect(report).toMatchObject({ status: 'ok', backlog: 0, jobs: { waiting: 0, active: 0, stale: 0 } });
  });

  it("loses no vote's follow-up when a sweep dies before committing, or a worker dies holding the sweep's job", async () => {
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, await createUser(t), question.id);
    await drainJobs(t);
    const voters = await Promise.all([1, 2, 3, 4, 5].map(async () => tokenFor(t, (await createUser(t, { reputation: 200 })).username)));
    await Promise.all(voters.map((token) => request(t.http).post(`/api/v1/answers/${answer.id}/vote`).set('Authorization', `Bearer ${token}`).send({ value: 1 }).expect(200)));

    // A sweep on another instance takes every recorded change, then dies before its commit.
    const sweeper = t.db.createQueryRunner();
    await sweeper.startTransaction();
    expect(await sweeper.query(`WITH taken AS (DELETE FROM vote_changes RETURNING id) SELECT count(*)::int AS n FROM taken`)).toEqual([{ n: 5 }]);
    await sweeper.rollbackTransaction();
    await sweeper.release();

    // The next sweep publishes them; a worker process takes the search job and dies.
    expect(await t.app.get(VoteChanges).sweep()).toBe(5);
    const worker = new PgBoss({ connectionString: t.app.get(DATABASE_URL), schema: JOB_SCHEMA, migrate: false, supervise: false, schedule: false });
    await worker.start();
    expect(await worker.fetch('votes.changed~search', { batchSize: 10 })).toHaveLength(1);
    await worker.stop({ graceful: false, wait: true });

    // Maintenance (in a worker process) retries it after its expiry, and the index gets the score.
    const supervisor = new PgBoss({ connectionString: t.app.get(DATABASE_URL), schema: JOB_SCHEMA, migrate: false, supervise: true, maintenanceIntervalSeconds: 1, schedule: false } as PgBoss.ConstructorOptions);
    await supervisor.start();
    const indexed = async () => (await t.db.query('SELECT score FROM search_documents WHERE id = $1', [`answer-${answer.id}`]))[0].score as number;
    for (let i = 0; i < 60 && (await indexed()) !== 5; i++) {
      await drainJobs(t);
      await pause(500);
    }
    await supervisor.stop({ graceful: false, wait: true });
    expect(await indexed()).toBe(5);
    const [{ best }] = await t.db.query('SELECT best_answer_score AS best FROM insights_question_facts WHERE question_id = $1', [question.id]);
    expect(best).toBe(5);
    expect((await t.db.query(`SELECT badge FROM badge_awards WHERE post_id = $1`, [answer.id])).map((row: { badge: string }) => row.badge)).toEqual(['nice-answer']);
  });

  it('counts votes waiting for their sweep in /healthz, and degrades when none has taken them for longer than the alert age', async () => {
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, await createUser(t), question.id);
    const token = await tokenFor(t, (await createUser(t, { reputation: 200 })).username);
    await drainJobs(t);
    await request(t.http).post(`/api/v1/answers/${answer.id}/vote`).set('Authorization', `Bearer ${token}`).send({ value: 1 }).expect(200);
    let report = (await request(t.http).get('/healthz').expect(200)).body;
    expect(report.jobs.waiting).toBe(1);
    for (let i = 0; i < 40 && report.status !== 'degraded'; i++) {
      await pause(250);
      report = (await request(t.http).get('/healthz').expect(200)).body;
    }
    expect(report).toMatchObject({ status: 'degraded', checks: { jobs: { status: 'degraded' } }, jobs: { waiting: 1 } });
    await drainJobs(t);
    report = (await request(t.http).get('/healthz').expect(200)).body;
    expect(report).toMatchObject({ status: 'ok', backlog: 0, jobs: { waiting: 0, oldestWaitingSeconds: 0 } });
  });
});
