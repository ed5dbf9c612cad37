import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { emailSenderProvider } from '../notifications/email-sender.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountsModule } from './accounts.module.js';
import { IdentitiesModule } from './sso/identities.module.js';
import { SignInModule } from './sign-in/sign-in.module.js';
import { AccountMailer } from './account-mail/account-mailer.js';
import { AccountToken } from './account-tokens/account-token.entity.js';
import { AccountTokensService } from './account-tokens/account-tokens.service.js';
import { ConfirmedEmailGuard } from './email-verification/confirmed-email.guard.js';
import { EmailConfirmationPagesController } from './email-verification/email-confirmation.pages.controller.js';
import { EmailConfirmationService } from './email-verification/email-confirmation.service.js';
import { UnconfirmedNoticeMiddleware } from './email-verification/unconfirmed-notice.middleware.js';
import { PasswordResetApiController } from './password-reset/password-reset.api.controller.js';
import { PasswordResetPagesController } from './password-reset/password-reset.pages.controller.js';
import { PasswordResetService } from './password-reset/password-reset.service.js';
import { PrivacyApiController } from './privacy/privacy.api.controller.js';
import { PrivacyPagesController } from './privacy/privacy.pages.controller.js';
import { PrivacyService } from './privacy/privacy.service.js';
import { RegistrationApiController } from './registration/registration.api.controller.js';
import { RegistrationPagesController } from './registration/registration.pages.controller.js';
import { RegistrationService } from './registration/registration.service.js';
import { RoleChangesService } from './roles/role-changes.service.js';
import { RolesApiController } from './roles/roles.api.controller.js';
import { RolesPagesController } from './roles/roles.pages.controller.js';
import { SessionActivityMiddleware } from './sessions/session-activity.middleware.js';
import { SessionsPagesController } from './sessions/sessions.pages.controller.js';
import { SessionsService } from './sessions/sessions.service.js';
import { AccountSettingsPagesController } from './settings/account-settings.pages.controller.js';

/**
 * What members do with their own accounts (sign up, confirm an address, reset a password, see
 * and end sessions, download their data, leave) and what admins do to roles. It sits on top of
 * users, auth, threads and moderation; nothing imports it (they import AccountsModule, the log).
 */
@Module({
  imports: [AccountsModule, UsersModule, AuthModule, SignInModule, IdentitiesModule, ThreadsModule, ModerationModule, TypeOrmModule.forFeature([AccountToken])],
  controllers: [
    RegistrationPagesController, RegistrationApiController,
    PasswordResetPagesController, PasswordResetApiController,
    EmailConfirmationPagesController,
    AccountSettingsPagesController,
    SessionsPagesController,
    PrivacyPagesController, PrivacyApiController,
    RolesPagesController, RolesApiController,
  ],
  providers: [
    emailSenderProvider,
    AccountMailer,
    AccountTokensService,
    RegistrationService,
    PasswordResetService,
    EmailConfirmationService,
    SessionsService,
    PrivacyService,
    RoleChangesService,
    { provide: APP_GUARD, useClass: ConfirmedEmailGuard },
  ],
})
export class AccountSelfServiceModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // '*path' does not match the home page itself, hence '/' too.
    consumer.apply(SessionActivityMiddleware, UnconfirmedNoticeMiddleware).forRoutes('/', '*path');
  }
}
