import type { Request } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** When this session last proved the second factor (ms since the epoch): staff actions want it fresh. */
    secondFactorAt?: number;
  }
}

/** How long a proved second factor counts as fresh for staff-only actions (creating API tokens). */
export const FRESH_SECOND_FACTOR_MS = 10 * 60 * 1000;

export function markSecondFactor(req: Request): void {
  if (req.session) req.session.secondFactorAt = Date.now();
}

export function hasFreshSecondFactor(req: Request): boolean {
  const at = req.session?.secondFactorAt;
  return typeof at === 'number' && Date.now() - at < FRESH_SECOND_FACTOR_MS;
}
