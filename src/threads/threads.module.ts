import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReputationModule } from '../reputation/reputation.module.js';
import { AcceptanceService } from './acceptance.service.js';
import { AnswersPagesController } from './answers.pages.controller.js';
import { AnswersService } from './answers.service.js';
import { CommentsService } from './comments.service.js';
import { Comment } from './entities/comment.entity.js';
import { PostView } from './entities/post-view.entity.js';
import { Post } from './entities/post.entity.js';
import { Revision } from './entities/revision.entity.js';
import { PostTag, Tag } from './entities/tag.entity.js';
import { ModerationActionsService } from './moderation-actions.service.js';
import { QuestionsPagesController } from './questions.pages.controller.js';
import { PostScores } from './post-scores.service.js';
import { QuestionLists } from './question-lists.service.js';
import { QuestionsService } from './questions.service.js';
import { RevisionsService } from './revisions.service.js';
import { TagsService } from './tags.service.js';
import { ThreadReader } from './thread-reader.service.js';
import { ThreadsApiController } from './threads.api.controller.js';
import { ThreadsPolicy } from './threads.policy.js';
import { ViewCounter } from './view-counter.js';

@Module({
  imports: [ReputationModule, TypeOrmModule.forFeature([Post, Comment, Revision, Tag, PostTag, PostView])],
  controllers: [QuestionsPagesController, AnswersPagesController, ThreadsApiController],
  providers: [QuestionLists, QuestionsService, AnswersService, CommentsService, AcceptanceService, RevisionsService, TagsService, ThreadReader, ThreadsPolicy, PostScores, ViewCounter, ModerationActionsService],
  exports: [PostScores, ModerationActionsService, QuestionsService, AnswersService, CommentsService, AcceptanceService, ThreadReader, ThreadsPolicy],
})
export class ThreadsModule {}
