import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from './migrations.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

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
    extra: { max: poolSize, application_name: 'answerbase', options: '-c pg_trgm.word_similarity_threshold=0.5' },
  };
}
