import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReputationModule } from '../reputation/reputation.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { VoteChange } from './entities/vote-change.entity.js';
import { Vote } from './entities/vote.entity.js';
import { VoteChanges } from './vote-changes.js';
import { VotesController } from './votes.controller.js';
import { VotesPolicy } from './votes.policy.js';
import { VotesService } from './votes.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Vote, VoteChange]), ThreadsModule, ReputationModule],
  controllers: [VotesController],
  providers: [VotesService, VotesPolicy, VoteChanges],
  exports: [VotesService, VotesPolicy],
})
export class VotesModule {}
