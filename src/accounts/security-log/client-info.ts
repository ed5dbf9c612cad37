import type { Request } from 'express';

/** Where a request came from, as the security log and the sessions page show it. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function clientOf(req: Request): ClientInfo {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}
