import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { mustConfirmEmail } from './unconfirmed-email.js';

/** Pages tell a member who must still confirm their address why they cannot post, with a button to resend the link. */
@Injectable()
export class UnconfirmedNoticeMiddleware implements NestMiddleware {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const user = req.user as Parameters<typeof mustConfirmEmail>[1];
    if (mustConfirmEmail(this.config, user)) res.locals.unconfirmedEmail = { email: user!.email };
    next();
  }
}
