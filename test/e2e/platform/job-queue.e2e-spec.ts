import { TransactionRunner } from '../../../src/database/transaction-runner.js';
import { JobQueue } from '../../../src/jobs/job-queue.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('the job queue', () => {
  let t: TestApp;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await startTestApp();
    queue = t.app.get(JobQueue);
  });
  afterAll(() => t.close());

  it('publishes inside the transaction: a rolled-back change leaves no job, a committed one does', async () => {
    const seen: number[] = [];
    await queue.subscribe<{ n: number }>('test.echo', async ({ n }) => void seen.push(n));
    const transactions = t.app.get(TransactionRunner);
    await transactions
      .inTransaction(async (tx) => {
        await queue.publish(tx, 'test.echo', { n: 1 });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await transactions.inTransaction((tx) => queue.publish(tx, 'test.echo', { n: 2 }));
    expect(await queue.backlog(['test.echo'])).toBe(1);
    expect(await queue.drain(['test.echo'])).toBe(1);
    expect(seen).toEqual([2]);
    expect(await queue.backlog(['test.echo'])).toBe(0);
  });

  it('retries a failing job until it succeeds', async () => {
    let attempts = 0;
    await queue.subscribe('test.flaky', async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('not yet');
    });
    await t.app.get(TransactionRunner).inTransaction((tx) => queue.publish(tx, 'test.flaky', {}));
    for (let i = 0; i < 20 && attempts < 3; i++) {
      await queue.drain(['test.flaky']);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(attempts).toBe(3);
    expect(await queue.backlog(['test.flaky'])).toBe(0);
  });

  it('fans an event out to every named subscriber, each on a queue of its own', async () => {
    const seen: string[] = [];
    await queue.subscribe<{ n: number }>('test.fan', async ({ n }) => void seen.push(`a${n}`), 'alpha');
    await queue.subscribe<{ n: number }>('test.fan', async ({ n }) => void seen.push(`b${n}`), 'beta');
    await t.app.get(TransactionRunner).inTransaction((tx) => queue.publish(tx, 'test.fan', { n: 7 }));
    expect(await queue.drain(queue.queuesOf('test.fan'))).toBe(2);
    expect(seen.sort()).toEqual(['a7', 'b7']);
  });

  it('runs a re-reading subscriber once per key for the jobs taken together, and completes them all', async () => {
    const seen: number[] = [];
    await queue.subscribe<{ id: number }>('test.changed', async ({ id }) => void seen.push(id), 'reader', { coalesceBy: ({ id }) => String(id) });
    const transactions = t.app.get(TransactionRunner);
    await Promise.all([1, 1, 1, 2, 1, 2].map((id) => transactions.inTransaction((tx) => queue.publish(tx, 'test.changed', { id }))));
    expect(await queue.backlog(queue.queuesOf('test.changed'))).toBe(6);
    expect(await queue.drain(queue.queuesOf('test.changed'))).toBe(6);
    expect(seen.sort()).toEqual([1, 2]);
    expect(await queue.backlog(queue.queuesOf('test.changed'))).toBe(0);
    // A later change runs it again.
    await transactions.inTransaction((tx) => queue.publish(tx, 'test.changed', { id: 1 }));
    expect(await queue.drain(queue.queuesOf('test.changed'))).toBe(1);
    expect(seen.sort()).toEqual([1, 1, 2]);
  });

  it('enqueues nothing for an event nobody handles', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM pgboss.job`);
    await t.app.get(TransactionRunner).inTransaction((tx) => queue.publish(tx, 'test.unheard', { n: 1 }));
    expect(await t.db.query(`SELECT count(*)::int AS n FROM pgboss.job`)).toEqual(before);
  });
});
