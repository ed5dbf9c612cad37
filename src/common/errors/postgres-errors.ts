import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

function pgError(error: unknown): PgError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PgError;
  if (error && typeof error === 'object' && 'code' in error) return error as PgError;
  return undefined;
}

/** True when `error` broke a unique constraint (optionally one whose name contains `hint`). */
export function isUniqueViolation(error: unknown, hint?: string): boolean {
  const pg = pgError(error);
  return pg?.code === '23505' && (hint === undefined || (pg.constraint ?? '').includes(hint));
}

/**
 * SQLSTATEs and socket errors that mean "the database is not there right now" (shutting down,
 * restarting, refusing connections), as opposed to a fault in a query.
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const UNAVAILABLE_MESSAGES = /Connection terminated|terminating connection|connection (is )?closed|timeout exceeded when trying to connect|the database system is (shutting down|starting up)|Client has encountered a connection error|Connection is not established|Cannot use a pool after calling end/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const pg = pgError(error);
  if (pg?.code && UNAVAILABLE_CODES.has(pg.code)) return true;
  const inner = error instanceof QueryFailedError ? (error.driverError as Error) : (error as Error | undefined);
  const message = error instanceof Error ? `${error.message} ${inner?.message ?? ''}` : '';
  return UNAVAILABLE_MESSAGES.test(message);
}
