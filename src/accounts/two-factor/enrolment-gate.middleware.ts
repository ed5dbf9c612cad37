import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../../common/errors/domain-errors.js';
import { flash } from '../../common/http/flash.js';
import { isApiRequest } from '../../common/http/request-kind.js';
import { isStaff } from '../../users/role.js';
import { TwoFactorSettingsService } from './two-factor-settings.service.js';

export const ENROL_PATH = '/settings/two-factor';
/** What a member who must enrol may still reach: the enrolment itself, signing out, static files. */
const OPEN_PATHS = [ENROL_PATH, '/logout', '/login', '/static/', '/healthz'];

/**
 * While a second factor is required of staff, a staff member without one is sent to enrol before
 * anything else: every page redirects to the enrolment page and the API answers 403.
 */
@Injectable()
export class EnrolmentGateMiddleware implements NestMiddleware {
  constructor(private readonly settings: TwoFactorSettingsService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const user = req.user;
    // originalUrl: inside mounted middleware req.path is relative to the mount point.
    const path = req.originalUrl.split('?', 1)[0]!;
    if (!user || !isStaff(user.role) || OPEN_PATHS.some((open) => path.startsWith(open))) return next();
    if (!(await this.settings.mustEnrol(user))) return next();
    if (isApiRequest(req)) throw new ForbiddenError(`Staff must set up two-factor authentication first, at ${ENROL_PATH}.`);
    flash(req, 'info', 'Your role requires two-factor authentication. Set it up to continue.');
    res.redirect(303, ENROL_PATH);
  }
}
