import { Module } from '@nestjs/common';
import { UsersModule } from '../../users/users.module.js';
import { AccountsModule } from '../accounts.module.js';
import { IdentitiesModule } from '../sso/identities.module.js';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { FreshSecondFactor } from './fresh-second-factor.service.js';
import { LocalLoginPolicy } from './local-login.policy.js';
import { SignInFlow } from './sign-in.flow.js';
import { SignInPagesController } from './sign-in.pages.controller.js';

/** The sign-in flow across factors: password or single sign-on first, then the code when two-factor is on. */
@Module({
  imports: [AccountsModule, UsersModule, TwoFactorModule, IdentitiesModule],
  controllers: [SignInPagesController],
  providers: [SignInFlow, LocalLoginPolicy, FreshSecondFactor],
  exports: [SignInFlow, LocalLoginPolicy, FreshSecondFactor, TwoFactorModule],
})
export class SignInModule {}
