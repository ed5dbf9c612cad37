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

/**
 * Every statement this database ran while `run` ran, from any pool — the session store's too —
 * as counted by pg_stat_statements (which the embedded PostgreSQL preloads), top-level only:
 * what a trigger does runs inside its statement. One entry per call, in no particular order.
 */
export async function statementsRun(db: DataSource, run: () => Promise<unknown>): Promise<string[]> {
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const snapshot = async () => {
    const rows: { id: string; query: string; calls: number }[] = await db.query(
      `SELECT queryid::text AS id, query, calls::int AS calls FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'`,
    );
    return new Map(rows.map((row) => [row.id, row]));
  };
  const before = await snapshot();
  await run();
  const after = await snapshot();
  return [...after.values()].flatMap((row) => Array<string>(row.calls - (before.get(row.id)?.calls ?? 0)).fill(row.query.replace(/\s+/g, ' ')));
}
