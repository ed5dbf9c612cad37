import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { UnauthenticatedError } from '../common/errors/domain-errors.js';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * Checks the login form's password (one message for unknown user and wrong password). It starts no
 * session: the sign-in flow does, after the second factor when the member has one.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new UnauthenticatedError(WRONG_CREDENTIALS, 'password');
    return user;
  }
}
