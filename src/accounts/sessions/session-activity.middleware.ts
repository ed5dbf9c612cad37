import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { clientOf } from '../security-log/client-info.js';
import './session-meta.js';

/** "Last seen" is a hint for the owner: written at most once a minute, or when the address or browser changes. */
const RESOLUTION_MS = 60_000;

/** Keeps a signed-in session's browser, address and last-seen time in the session, for the sessions page. */
@Injectable()
export class SessionActivityMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (req.user && req.session && req.method === 'GET') {
      const client = clientOf(req);
      const meta = req.session.meta;
      const stale = !meta || Date.now() - Date.parse(meta.seenAt) > RESOLUTION_MS || meta.ip !== client.ip || meta.userAgent !== client.userAgent;
      if (stale) req.session.meta = { ...client, seenAt: new Date().toISOString() };
    }
    next();
  }
}
