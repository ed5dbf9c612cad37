import type { Request } from 'express';

/** A one-time message shown on the next page (post/redirect/get). */
export function flash(req: Request, kind: 'success' | 'error' | 'info', message: string): void {
  if (req.session) req.session.flash = { kind, message };
}
