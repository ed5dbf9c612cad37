import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { clientOf } from '../accounts/security-log/client-info.js';
import { SecurityLogService } from '../accounts/security-log/security-log.service.js';
import { UnauthenticatedError } from '../common/errors/domain-errors.js';
import { UsersService } from '../users/users.service.js';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/** Checks the login form and starts the session; one message for unknown user and wrong password. Both outcomes go to the security log. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(
    private readonly log: SecurityLogService,
    private readonly users: UsersService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    let allowed: boolean;
    try {
      allowed = (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (error instanceof UnauthenticatedError) await this.recordFailure(req);
      throw error;
    }
    await super.logIn(req);
    await this.log.record('sign-in', { userId: req.user!.id, ...clientOf(req) });
    return allowed;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new UnauthenticatedError(WRONG_CREDENTIALS, 'password');
    return user;
  }

  private async recordFailure(req: Request): Promise<void> {
    const username = typeof req.body?.username === 'string' ? req.body.username.slice(0, 60) : '';
    const known = username ? await this.users.findByUsername(username) : null;
    await this.log.record('sign-in-failed', { userId: known?.id ?? null, ...clientOf(req), detail: known ? {} : { username } });
  }
}
