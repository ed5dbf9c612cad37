import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError } from '../../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Actor } from '../../users/actor.js';
import { isStaff } from '../../users/role.js';

/** LOCAL_LOGIN=staff-only: members sign in through single sign-on; staff keep a password (with a second factor). */
@Injectable()
export class LocalLoginPolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get staffOnly(): boolean {
    return this.config.signIn.localLogin === 'staff-only';
  }

  /** `linking`: the member signs in once with their password to link an identity from single sign-on. */
  assertPasswordSignIn(user: Actor, linking = false): void {
    if (this.staffOnly && !isStaff(user.role) && !linking) {
      throw new ForbiddenError(`Password sign-in is for staff only. Members sign in with ${this.config.signIn.oidc!.label}.`, 'password');
    }
  }

  assertPasswordRegistration(): void {
    if (this.staffOnly) throw new ForbiddenError(`New accounts are created by signing in with ${this.config.signIn.oidc!.label}.`);
  }

  /** What the sign-in page offers: the single sign-on button, and whether passwords are for staff only. */
  loginOptions(): { ssoLabel?: string; passwordsForStaffOnly: boolean } {
    return { ssoLabel: this.config.signIn.oidc?.label, passwordsForStaffOnly: this.staffOnly };
  }
}
