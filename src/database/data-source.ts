import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from './migrations.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export const POOL_IDLE_TIMEOUT_MS = 5_000;
export const POOL_MAX_LIFETIME_SECONDS = 15;

/** The one set of DataSource options, shared by the app, the CLI and the test harness. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    // Search's near-miss titles: a one-letter typo in a two-word query scores about 0.55.
    // Idle connections close after a few seconds and none lives past POOL_MAX_LIFETIME_SECONDS, so a
    // smart shutdown of PostgreSQL (which waits for every session to end) completes under load too.
    extra: {
      max: poolSize,
      idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
      maxLifetimeSeconds: POOL_MAX_LIFETIME_SECONDS,
      application_name: 'answerbase',
      options: '-c pg_trgm.word_similarity_threshold=0.5',
    },
  };
}
