import { randomBytes } from 'node:crypto';
import pg from 'pg';

const TEMPLATE = 'answerbase_template';

function templateUrl(): string {
  const url = process.env.TEST_DATABASE_TEMPLATE_URL;
  if (!url) throw new Error('TEST_DATABASE_TEMPLATE_URL is not set: run the tests through jest (test/support/global-setup.ts).');
  return url;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: templateUrl().replace(`/${TEMPLATE}`, '/postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database cloned from the run's template; drop it when the suite ends. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  return {
    url: templateUrl().replace(`/${TEMPLATE}`, `/${name}`),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
