import type { Request } from 'express';

/** Where a request came from, for the security log. */
export interface ClientInfo {
  readonly ip?: string;
  readonly userAgent?: string;
}

export function clientInfo(req: Request): ClientInfo {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}
