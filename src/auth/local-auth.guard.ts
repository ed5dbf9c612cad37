import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { UnauthenticatedError } from '../common/errors/domain-errors.js';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/** Checks the login form and starts the session; one message for unknown user and wrong password. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = (await super.canActivate(context)) as boolean;
    await super.logIn(context.switchToHttp().getRequest<Request>());
    return allowed;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new UnauthenticatedError(WRONG_CREDENTIALS, 'password');
    return user;
  }
}
