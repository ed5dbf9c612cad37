import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ReputationModule } from '../reputation/reputation.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { UsersModule } from '../users/users.module.js';
import { VotesModule } from '../votes/votes.module.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditEntry } from './entities/audit-entry.entity.js';
import { CloseVote } from './entities/close-vote.entity.js';
import { Flag } from './entities/flag.entity.js';
import { FlagsService } from './flags.service.js';
import { ModerationApiController } from './moderation.api.controller.js';
import { ModerationJobsScheduler } from './moderation.jobs.js';
import { ModerationPagesController } from './moderation.pages.controller.js';
import { ModerationPolicy } from './moderation.policy.js';
import { ReviewService } from './review.service.js';
import { SerialVotingService } from './serial-voting.service.js';
import { SuspensionsService } from './suspensions.service.js';
import { ThreadActionsService } from './thread-actions.service.js';

/** Flags, the review queue, moderator actions, suspensions, the audit log and the serial-voting sweep. Only badges imports it, to write its awards to the audit log. */
@Module({
  imports: [AccountsModule, UsersModule, ReputationModule, ThreadsModule, VotesModule, TypeOrmModule.forFeature([Flag, AuditEntry, CloseVote])],
  controllers: [ModerationApiController, ModerationPagesController],
  providers: [ModerationPolicy, AuditLogService, FlagsService, ReviewService, ThreadActionsService, SuspensionsService, SerialVotingService, ModerationJobsScheduler],
  exports: [AuditLogService],
})
export class ModerationModule {}
