import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock.js';
import { AnswerFact } from './entities/answer-fact.entity.js';
import { QueueClaim } from './entities/queue-claim.entity.js';
import { QuestionFact } from './entities/question-fact.entity.js';
import { ResponseTarget } from './entities/response-target.entity.js';
import { ServiceLevelSettings } from './entities/service-level-settings.entity.js';
import { InsightsSuperUser } from './entities/super-user.entity.js';
import { InsightsApiController } from './insights.api.controller.js';
import { InsightsPagesController } from './insights.pages.controller.js';
import { InsightsPolicy } from './insights.policy.js';
import { InsightsService } from './insights.service.js';
import { QuestionFactsSubscriber } from './question-facts.subscriber.js';
import { QuestionMetricsReader } from './question-metrics.js';
import { ServiceLevelSettingsService } from './service-level-settings.service.js';
import { ServiceLevelsApiController } from './service-levels.api.controller.js';
import { ServiceLevelsLinkMiddleware } from './service-levels-link.middleware.js';
import { ServiceLevelsPagesController } from './service-levels.pages.controller.js';
import { ServiceLevelsService } from './service-levels.service.js';
import { TimeZones } from './time-zones.js';
import { RESPONSE_EXPECTATIONS } from '../threads/response-expectations.port.js';
import { ResponseTargetsService } from './response-targets.service.js';
import { SupportInsightsApiController } from './support-insights.api.controller.js';
import { SupportInsightsService } from './support-insights.service.js';
import { UnansweredQueueService } from './unanswered-queue.service.js';
import { PastTargetSweep } from './past-target.sweep.js';

/**
 * Community-health metrics, the agents' unanswered queue and the published service levels. It
 * only subscribes to jobs and reads summary tables: nothing imports it. The ask page reads the
 * expectations through the threads module's RESPONSE_EXPECTATIONS port, provided here globally.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([QuestionFact, AnswerFact, ResponseTarget, QueueClaim, InsightsSuperUser, ServiceLevelSettings])],
  controllers: [InsightsPagesController, InsightsApiController, ServiceLevelsPagesController, ServiceLevelsApiController, SupportInsightsApiController],
  providers: [
    Clock, InsightsPolicy, InsightsService, UnansweredQueueService, ResponseTargetsService, QuestionFactsSubscriber,
    QuestionMetricsReader, PastTargetSweep, ServiceLevelSettingsService, ServiceLevelsService, TimeZones, SupportInsightsService,
    { provide: RESPONSE_EXPECTATIONS, useExisting: ServiceLevelsService },
  ],
  exports: [RESPONSE_EXPECTATIONS],
})
export class InsightsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ServiceLevelsLinkMiddleware).forRoutes('*path');
  }
}
