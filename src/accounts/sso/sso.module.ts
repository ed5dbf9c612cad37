import { Module } from '@nestjs/common';
import { UsersModule } from '../../users/users.module.js';
import { AccountsModule } from '../accounts.module.js';
import { SignInModule } from '../sign-in/sign-in.module.js';
import { IdentitiesModule } from './identities.module.js';
import { OidcClient } from './oidc-client.js';
import { SsoPagesController } from './sso.pages.controller.js';
import { SsoService } from './sso.service.js';

/** Single sign-on with OpenID Connect (docs/accounts.md). */
@Module({
  imports: [UsersModule, AccountsModule, IdentitiesModule, SignInModule],
  controllers: [SsoPagesController],
  providers: [OidcClient, SsoService],
})
export class SsoModule {}
