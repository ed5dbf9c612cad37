import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { MarkdownPreviewGuard } from '../common/markdown/markdown-preview.guard.js';
import { RateLimitGuard } from '../common/rate-limit/rate-limit.guard.js';
import { SignInModule } from '../accounts/sign-in/sign-in.module.js';
import { EnrolmentGateMiddleware } from '../accounts/two-factor/enrolment-gate.middleware.js';
import { UsersModule } from '../users/users.module.js';
import { AccessGuard } from './access.guard.js';
import { AuthPagesController } from './auth.pages.controller.js';
import { BearerTokenMiddleware } from './bearer-token.middleware.js';
import { CsrfGuard } from './csrf.guard.js';
import { ApiToken } from './entities/api-token.entity.js';
import { LocalStrategy } from './local.strategy.js';
import { SessionSerializer } from './session.serializer.js';
import { SessionStore } from './session-store.js';
import { SuspensionGuard } from './suspension.guard.js';
import { TokensApiController } from './tokens.api.controller.js';
import { TokensPagesController } from './tokens.pages.controller.js';
import { TokensService } from './tokens.service.js';

@Module({
  imports: [
    AccountsModule,
    UsersModule,
    SignInModule,
    PassportModule.register({ session: true }),
    TypeOrmModule.forFeature([ApiToken]),
  ],
  controllers: [AuthPagesController, TokensPagesController, TokensApiController],
  providers: [
    LocalStrategy,
    SessionSerializer,
    SessionStore,
    TokensService,
    // Order matters: who you are (and may you), whether you are suspended (read-only), then whether the form is genuine, then how often.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: SuspensionGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: MarkdownPreviewGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [TokensService, SessionStore],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(BearerTokenMiddleware).forRoutes('api/*path');
    // After the bearer token (the API's caller is known by then): staff who must enrol do so first.
    consumer.apply(EnrolmentGateMiddleware).forRoutes('{*path}');
  }
}
