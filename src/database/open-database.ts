import type { Logger } from 'pino';
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

export async function runMigrations(url: string, logger?: Logger): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger?.info({ migration: migration.name }, 'migration applied');
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
