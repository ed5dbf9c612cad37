import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReputationModule } from '../reputation/reputation.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { ArticlesService } from './articles.service.js';
import { ArticleFeedback } from './entities/article-feedback.entity.js';
import { ArticleVersion } from './entities/article-version.entity.js';
import { Article } from './entities/article.entity.js';
import { FeedbackService } from './feedback.service.js';
import { KnowledgeApiController } from './knowledge.api.controller.js';
import { KnowledgePagesController } from './knowledge.pages.controller.js';
import { KnowledgePolicy } from './knowledge.policy.js';
import { KnowledgeService } from './knowledge.service.js';
import { PromotionService } from './promotion.service.js';
import { SourceWatcher } from './source-watcher.subscriber.js';

/** Knowledge-base articles promoted from answers. It reads threads and writes reputation; nothing but pages imports it. */
@Module({
  imports: [ThreadsModule, ReputationModule, TypeOrmModule.forFeature([Article, ArticleVersion, ArticleFeedback])],
  controllers: [KnowledgePagesController, KnowledgeApiController],
  providers: [KnowledgeService, PromotionService, ArticlesService, FeedbackService, KnowledgePolicy, SourceWatcher],
  exports: [KnowledgeService],
})
export class KnowledgeModule {}
