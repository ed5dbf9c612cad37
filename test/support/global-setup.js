// Plain JavaScript on the compiled app (npm test builds first): jest runs this hook outside
// its module system, where TypeScript sources cannot be imported.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';
import { runMigrations } from '../../dist/src/database/open-database.js';

const TEMPLATE_DATABASE = 'answerbase_template';

/**
 * One embedded PostgreSQL for the whole run, in a throwaway folder on a free port.
 * The schema is migrated once into a template; every suite clones its own database from it.
 */
export default async function globalSetup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'answerbase-test-'));
  const server = await startEmbeddedPostgres(dataDir, { database: TEMPLATE_DATABASE });
  await runMigrations(server.url);
  const admin = new pg.Client({ connectionString: server.url.replace(`/${TEMPLATE_DATABASE}`, '/postgres') });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH is_template true`);
  await admin.end();
  process.env.TEST_DATABASE_TEMPLATE_URL = server.url;
  process.env.TEST_DATA_DIR = dataDir;
  globalThis.__answerbaseDb = server;
}
