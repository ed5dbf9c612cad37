import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClusterEvents } from '../../../src/cluster/cluster-events.service.js';
import { startTestAppOn, type TestApp } from '../../support/test-app.js';
import { createTestDatabase } from '../../support/test-database.js';
import { waitUntil } from '../../support/wait.js';

/** Two instances of one site (one database): what either publishes, both hear. */
describe('Cluster channel between two app instances', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestApp;
  let b: TestApp;
  const heard = { a: [] as unknown[], b: [] as unknown[], bRules: [] as unknown[] };

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startTestAppOn(database.url);
    b = await startTestAppOn(database.url);
    a.app.get(ClusterEvents).subscribe('settings.changed', (payload) => void heard.a.push(payload));
    b.app.get(ClusterEvents).subscribe('settings.changed', (payload) => void heard.b.push(payload));
    b.app.get(ClusterEvents).subscribe('reputation-rules.changed', (payload) => void heard.bRules.push(payload));
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  const marked = (list: unknown[], marker: string) => list.some((p) => (p as { marker?: string })?.marker === marker);

  it('delivers a message published on A to both A and B, on its topic only', async () => {
    const marker = randomUUID();
    await a.app.get(ClusterEvents).publish('settings.changed', { marker });
    await waitUntil('A and B hear the message', () => marked(heard.a, marker) && marked(heard.b, marker));
    expect(marked(heard.bRules, marker)).toBe(false);
  });

  it('sends a message published inside a transaction when it commits, and never when it rolls back', async () => {
    const events = a.app.get(ClusterEvents);
    const committed = randomUUID();
    const rolledBack = randomUUID();
    await a.db
      .transaction(async (tx) => {
        await events.publish('settings.changed', { marker: rolledBack }, tx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await a.db.transaction(async (tx) => {
      await events.publish('settings.changed', { marker: committed }, tx);
      // Not yet: NOTIFY inside a transaction waits for the commit.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(marked(heard.b, committed)).toBe(false);
    });
    await waitUntil('B hears the committed message', () => marked(heard.b, committed));
    // The rolled-back message was queued before the committed one; NOTIFY keeps a session's order,
    // so had it been sent it would have arrived first.
    expect(marked(heard.b, rolledBack)).toBe(false);
  });

  it('refuses a message too large for NOTIFY instead of sending part of it', async () => {
    await expect(a.app.get(ClusterEvents).publish('settings.changed', { text: 'x'.repeat(9_000) })).rejects.toThrow(/limit/);
  });

  it('reconnects when its LISTEN connection is cut, runs the resync handlers, and hears messages again', async () => {
    const events = b.app.get(ClusterEvents);
    let resyncs = 0;
    events.onResync(() => void (resyncs += 1));
    await b.app.get(DataSource).query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'answerbase-cluster' AND query ILIKE 'LISTEN%'`);
    await waitUntil('B reconnects and resyncs', () => resyncs > 0 && events.listening);
    const marker = randomUUID();
    await a.app.get(ClusterEvents).publish('settings.changed', { marker });
    await waitUntil('B hears a message after reconnecting', () => marked(heard.b, marker));
  });
});
