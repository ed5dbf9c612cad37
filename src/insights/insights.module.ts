import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock.js';
import { AnswerFact } from './entities/answer-fact.entity.js';
import { QueueClaim } from './entities/queue-claim.entity.js';
import { QuestionFact } from './entities/question-fact.entity.js';
import { ResponseTarget } from './entities/response-target.entity.js';
import { InsightsSuperUser } from './entities/super-user.entity.js';
import { InsightsApiController } from './insights.api.controller.js';
import { InsightsPagesController } from './insights.pages.controller.js';
import { InsightsPolicy } from './insights.policy.js';
import { InsightsService } from './insights.service.js';
import { QuestionFactsSubscriber } from './question-facts.subscriber.js';
import { ResponseTargetsService } from './response-targets.service.js';
import { UnansweredQueueService } from './unanswered-queue.service.js';

/** Community-health metrics and the agents' unanswered queue. It only subscribes to jobs: nothing imports it. */
@Module({
  imports: [TypeOrmModule.forFeature([QuestionFact, AnswerFact, ResponseTarget, QueueClaim, InsightsSuperUser])],
  controllers: [InsightsPagesController, InsightsApiController],
  providers: [Clock, InsightsPolicy, InsightsService, UnansweredQueueService, ResponseTargetsService, QuestionFactsSubscriber],
})
export class InsightsModule {}
