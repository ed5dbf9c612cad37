import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module.js';
import { SsoModule } from './accounts/sso/sso.module.js';
import { AccountSelfServiceModule } from './accounts/self-service.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BadgesModule } from './badges/badges.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { BodyParserMiddleware } from './common/http/body-parser.middleware.js';
import { InputHygieneMiddleware } from './common/http/input-hygiene.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { ImportingModule } from './importing/importing.module.js';
import { InsightsModule } from './insights/insights.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { KnowledgeModule } from './knowledge/knowledge.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PageCacheModule } from './page-cache/page-cache.module.js';
import { PagesModule } from './pages/pages.module.js';
import { ReputationModule } from './reputation/reputation.module.js';
import { SearchModule } from './search/search.module.js';
import { ThreadsModule } from './threads/threads.module.js';
import { VotesModule } from './votes/votes.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl),
        ClusterModule,
        RateLimitModule,
        JobsModule,
        PageCacheModule,
        AccountsModule,
        UsersModule,
        AuthModule,
        SsoModule,
        ReputationModule,
        ThreadsModule,
        VotesModule,
        KnowledgeModule,
        ModerationModule,
        BadgesModule,
        IntegrationsModule,
        PagesModule,
        SearchModule,
        NotificationsModule,
        InsightsModule,
        ImportingModule,
        AccountSelfServiceModule,
        HealthModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Parsed, then cleaned: nothing after this sees a NUL, a lone surrogate or an unbounded JSON shape.
    consumer.apply(BodyParserMiddleware, InputHygieneMiddleware).forRoutes('*path');
  }
}
