import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../common/errors/domain-errors.js';
import type { Actor } from '../../users/actor.js';
import { isStaff } from '../../users/role.js';
import type { ClientInfo } from '../security-log/client-info.js';
import { ENROL_PATH } from '../two-factor/enrolment-gate.middleware.js';
import { hasFreshSecondFactor, markSecondFactor } from '../two-factor/second-factor-session.js';
import { TwoFactorSettingsService } from '../two-factor/two-factor-settings.service.js';
import { TwoFactorService } from '../two-factor/two-factor.service.js';
import { LocalLoginPolicy } from './local-login.policy.js';
import { clientOf } from '../security-log/client-info.js';

/**
 * What creating an API token asks of the second factor. A token outlives the session, so staff
 * with two-factor on prove it within the last 10 minutes; with password and code, the API's
 * credential exchange asks the code of everyone who has two-factor on.
 */
@Injectable()
export class FreshSecondFactor {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly settings: TwoFactorSettingsService,
    private readonly localLogin: LocalLoginPolicy,
  ) {}

  /** Whether the tokens page should ask this member for a code. */
  async wantsCode(req: Request, actor: Actor): Promise<boolean> {
    return isStaff(actor.role) && !hasFreshSecondFactor(req) && (await this.twoFactor.isEnabled(actor.id));
  }

  /** On the tokens page: staff with a stale (or no) second factor enter a current code. */
  async assertForTokenPage(req: Request, actor: Actor, code?: string): Promise<void> {
    if (!isStaff(actor.role)) return;
    if (!(await this.twoFactor.isEnabled(actor.id))) {
      if (await this.settings.requiredOf(actor)) throw new ForbiddenError(`Set up two-factor authentication (${ENROL_PATH}) before creating tokens.`);
      return;
    }
    if (hasFreshSecondFactor(req)) return;
    if (!code) throw new UnauthenticatedError('Enter a current two-factor code: staff tokens need a second factor from the last 10 minutes.', 'code');
    await this.twoFactor.verify(actor.id, code, clientOf(req));
    markSecondFactor(req);
  }

  /** POST /api/v1/tokens with a username and password: the code too, when the account has two-factor on. */
  async assertForCredentials(user: Actor, code: string | undefined, client?: ClientInfo): Promise<void> {
    this.localLogin.assertPasswordSignIn(user);
    if (await this.twoFactor.isEnabled(user.id)) {
      if (!code) throw new UnauthenticatedError('This account uses two-factor authentication: send the current code as `code`.', 'code');
      await this.twoFactor.verify(user.id, code, client);
      return;
    }
    if (await this.settings.mustEnrol(user)) throw new ForbiddenError(`Set up two-factor authentication (${ENROL_PATH}) before creating tokens.`);
  }
}
