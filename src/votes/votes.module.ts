import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReputationModule } from '../reputation/reputation.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { Vote } from './entities/vote.entity.js';
import { VotesController } from './votes.controller.js';
import { VotesPolicy } from './votes.policy.js';
import { VotesService } from './votes.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Vote]), ThreadsModule, ReputationModule],
  controllers: [VotesController],
  providers: [VotesService, VotesPolicy],
  exports: [VotesService, VotesPolicy],
})
export class VotesModule {}
