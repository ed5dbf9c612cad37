import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { clientOf } from '../accounts/security-log/client-info.js';
import { SecurityLogService } from '../accounts/security-log/security-log.service.js';
import { UnauthenticatedError } from '../common/errors/domain-errors.js';
import { UsersService } from '../users/users.service.js';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * Checks the login form's password (one message for unknown user and wrong password); a failure
 * goes to the security log. It starts no session: the sign-in flow does (and logs the sign-in),
 * after the second factor when the member has one.
 */
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
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (error instanceof UnauthenticatedError) await this.recordFailure(req);
      throw error;
    }
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
