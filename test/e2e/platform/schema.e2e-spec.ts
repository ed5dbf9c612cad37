import { pendingSchemaChanges } from '../../../src/database/migration-generator.js';
import { loadConfig, ConfigError } from '../../../src/config/app-config.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('schema and configuration', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('has migrations that match the entities exactly (migration:generate would find nothing)', async () => {
    const changes = await pendingSchemaChanges(t.db);
    expect(changes.up).toEqual([]);
  });

  it('records every applied migration', async () => {
    const rows = await t.db.query('SELECT name FROM migrations');
    expect(rows.length).toBeGreaterThan(0);
  });

  it('stops on bad configuration and names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RATE_LIMITS: 'maybe', SEED_DEMO: 'perhaps', NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'RATE_LIMITS', 'SEED_DEMO', 'SESSION_SECRET']) expect(message).toContain(name);
  });
});
