import type { Logger } from 'pino';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';
import { startEmbeddedPostgres, type RunningDatabase } from './embedded-postgres.js';

/**
 * The database the app and the CLI use: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL under DATA_DIR. Pending migrations are applied before anything else runs.
 */
export async function openDatabase(config: AppConfig, logger: Logger, options: { migrate?: boolean } = {}): Promise<RunningDatabase> {
  const database: RunningDatabase = config.databaseUrl
    ? { url: config.databaseUrl, owned: false, stop: async () => undefined }
    : await startEmbeddedPostgres(config.dataDir, { log: (line) => logger.debug({ postgres: line }) });
  if (!config.databaseUrl) logger.info({ dataDir: config.dataDir, owned: database.owned }, 'embedded PostgreSQL ready');
  if (options.migrate !== false) await runMigrations(database.url, logger);
  return database;
}

/** One lock for the whole database: instances starting together migrate one after another. */
const MIGRATION_LOCK = 72_317_001;

/**
 * Applies pending migrations. Several instances (or a worker) starting at once take turns: each
 * waits for a session advisory lock, so the first applies what is pending and the rest find
 * nothing left to do.
 */
export async function runMigrations(url: string, logger?: Logger): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url, application_name: 'answerbase-migrations' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) logger?.info({ migration: migration.name }, 'migration applied');
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}
