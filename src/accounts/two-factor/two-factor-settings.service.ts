import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Actor } from '../../users/actor.js';
import { isStaff } from '../../users/role.js';
import { ForbiddenError } from '../../common/errors/domain-errors.js';
import { SignInSettings } from './entities/sign-in-settings.entity.js';
import { TwoFactorService, type Enrolment } from './two-factor.service.js';

/** A member's own two-factor page: on (with recovery codes left), or the enrolment to finish. */
export type TwoFactorStatus =
  | { enabled: true; required: boolean; recoveryCodesLeft: number }
  | { enabled: false; required: boolean; enrolment: Enrolment };

/** Whether staff must use a second factor: an admin's setting, always so when passwords are staff-only. */
@Injectable()
export class TwoFactorSettingsService {
  constructor(
    @InjectRepository(SignInSettings) private readonly settings: Repository<SignInSettings>,
    private readonly twoFactor: TwoFactorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async staffRequired(): Promise<boolean> {
    if (this.config.signIn.localLogin === 'staff-only') return true;
    return (await this.settings.findOneBy({ id: 1 }))?.staffTwoFactorRequired ?? false;
  }

  /** A second factor is required of this member and they have none yet: they enrol before anything else. */
  async mustEnrol(actor: Actor): Promise<boolean> {
    return isStaff(actor.role) && (await this.staffRequired()) && !(await this.twoFactor.isEnabled(actor.id));
  }

  /** Required of this member (staff while required), whether or not they have enrolled. */
  async requiredOf(actor: Actor): Promise<boolean> {
    return isStaff(actor.role) && (await this.staffRequired());
  }

  async statusOf(actor: Actor): Promise<TwoFactorStatus> {
    const required = await this.requiredOf(actor);
    if (await this.twoFactor.isEnabled(actor.id)) {
      return { enabled: true, required, recoveryCodesLeft: await this.twoFactor.unusedRecoveryCodes(actor.id) };
    }
    return { enabled: false, required, enrolment: await this.twoFactor.startEnrolment(actor) };
  }

  async forAdmin(actor: Actor): Promise<{ staffRequired: boolean; forcedByStaffOnlyPasswords: boolean }> {
    assertAdmin(actor);
    return { staffRequired: await this.staffRequired(), forcedByStaffOnlyPasswords: this.config.signIn.localLogin === 'staff-only' };
  }

  async setStaffRequired(actor: Actor, required: boolean): Promise<void> {
    assertAdmin(actor);
    await this.settings.upsert({ id: 1, staffTwoFactorRequired: required }, ['id']);
  }
}

function assertAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only administrators can change how people sign in.');
}
