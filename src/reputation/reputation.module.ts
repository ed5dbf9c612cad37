import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { ReputationEntry } from './entities/reputation-entry.entity.js';
import { ReputationSetting } from './entities/reputation-setting.entity.js';
import { ReputationRulesController } from './reputation-rules.controller.js';
import { ReputationRulesService } from './reputation-rules.service.js';
import { ReputationService } from './reputation.service.js';

@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([ReputationEntry, ReputationSetting])],
  controllers: [ReputationRulesController],
  providers: [ReputationService, ReputationRulesService],
  exports: [ReputationService, ReputationRulesService],
})
export class ReputationModule {}
