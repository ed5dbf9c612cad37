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
