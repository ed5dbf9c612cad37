import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import { flash } from '../../common/http/flash.js';
import type { Actor } from '../../users/actor.js';
import { UsersService } from '../../users/users.service.js';
import { clientOf } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { IdentitiesService } from '../sso/identities.service.js';
import { markSecondFactor } from '../two-factor/second-factor-session.js';
import { TwoFactorService } from '../two-factor/two-factor.service.js';
import { LocalLoginPolicy } from './local-login.policy.js';
import { logIn } from './session-login.js';

declare module 'express-session' {
  interface SessionData {
    /** Half signed in: the first factor is proved, the second is asked for. Not a login: no req.user. */
    pendingSignIn?: { userId: number; next?: string; startedAt: number };
  }
}

export const SECOND_STEP_PATH = '/login/two-factor';
/** How long the code may take after the password. */
const PENDING_MS = 5 * 60 * 1000;

/**
 * Signing in, whatever the first factor (password or single sign-on): members with two-factor on
 * are asked for a code before the session is theirs; an identity waiting to be linked is linked
 * once its account's owner has fully signed in.
 */
@Injectable()
export class SignInFlow {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly identities: IdentitiesService,
    private readonly users: UsersService,
    private readonly localLogin: LocalLoginPolicy,
    private readonly log: SecurityLogService,
  ) {}

  /** After a correct password: where the browser goes next. */
  async afterPassword(req: Request, user: Actor, next?: string): Promise<string> {
    this.localLogin.assertPasswordSignIn(user, Boolean(req.session.pendingIdentity));
    return this.afterFirstFactor(req, user, next);
  }

  async afterFirstFactor(req: Request, user: Actor, next?: string): Promise<string> {
    if (await this.twoFactor.isEnabled(user.id)) {
      req.user = undefined;
      req.session.pendingSignIn = { userId: user.id, next, startedAt: Date.now() };
      return SECOND_STEP_PATH;
    }
    return this.complete(req, user, false, next);
  }

  /** Whether a half-signed-in session is waiting for its code (the code page shows only then). */
  hasPendingSignIn(req: Request): boolean {
    const pending = req.session?.pendingSignIn;
    return Boolean(pending && Date.now() - pending.startedAt < PENDING_MS);
  }

  async afterSecondFactor(req: Request, code: string): Promise<string> {
    const pending = req.session.pendingSignIn;
    if (!pending || !this.hasPendingSignIn(req)) {
      delete req.session.pendingSignIn;
      throw new InvalidStateError('Your sign-in timed out. Please sign in again.');
    }
    await this.twoFactor.verify(pending.userId, code, clientOf(req));
    const user = await this.users.getById(pending.userId);
    return this.complete(req, user, true, pending.next);
  }

  private async complete(req: Request, user: Actor, provedSecondFactor: boolean, next?: string): Promise<string> {
    const identity = req.session.pendingIdentity;
    await logIn(req, user);
    await this.log.record('sign-in', { userId: user.id, ...clientOf(req), detail: provedSecondFactor ? { secondFactor: true } : {} });
    if (provedSecondFactor) markSecondFactor(req);
    if (identity) {
      const label = await this.identities.link(user, identity, clientOf(req));
      flash(req, 'success', `Your account is now linked with ${label}: next time, sign in with it.`);
    } else {
      flash(req, 'success', `Welcome back, ${user.username}.`);
    }
    return next ?? '/';
  }
}
