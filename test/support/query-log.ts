import type { DataSource, Logger } from 'typeorm';

export interface RecordedQuery {
  sql: string;
  parameters: unknown[];
}

/** Every statement the app sends through TypeORM while `run` runs (pg-boss and sessions use pools of their own). */
export async function recordQueries(db: DataSource, run: () => Promise<unknown>): Promise<RecordedQuery[]> {
  const recorded: RecordedQuery[] = [];
  const original = db.logger;
  const recorder: Logger = {
    logQuery: (sql, parameters) => void recorded.push({ sql, parameters: (parameters as unknown[] | undefined) ?? [] }),
    logQueryError: (...args) => original.logQueryError(...args),
    logQuerySlow: (...args) => original.logQuerySlow(...args),
    logSchemaBuild: (...args) => original.logSchemaBuild(...args),
    logMigration: (...args) => original.logMigration(...args),
    log: (...args) => original.log(...args),
  };
  Object.assign(db, { logger: recorder });
  try {
    await run();
  } finally {
    Object.assign(db, { logger: original });
  }
  return recorded;
}

/** The statements that read or write data (not BEGIN, COMMIT, SET …). */
export const dataStatements = (queries: RecordedQuery[]) => queries.filter((q) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(q.sql));
