import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts.module.js';
import { EnrolmentGateMiddleware } from './enrolment-gate.middleware.js';
import { RecoveryCode } from './entities/recovery-code.entity.js';
import { SignInSettings } from './entities/sign-in-settings.entity.js';
import { TwoFactorCredential } from './entities/two-factor-credential.entity.js';
import { TwoFactorSettingsService } from './two-factor-settings.service.js';
import { TwoFactorPagesController } from './two-factor.pages.controller.js';
import { TwoFactorService } from './two-factor.service.js';

/** The TOTP second factor: enrolment, recovery codes, verification, and the admins' "required for staff". */
@Module({
  imports: [AccountsModule, TypeOrmModule.forFeature([TwoFactorCredential, RecoveryCode, SignInSettings])],
  controllers: [TwoFactorPagesController],
  providers: [TwoFactorService, TwoFactorSettingsService, EnrolmentGateMiddleware],
  exports: [TwoFactorService, TwoFactorSettingsService, EnrolmentGateMiddleware],
})
export class TwoFactorModule {}
