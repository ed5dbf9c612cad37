import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModerationModule } from '../moderation/moderation.module.js';
import { NAME_MARKS } from '../users/name-marks.port.js';
import { UsersModule } from '../users/users.module.js';
import { BadgeAwarder } from './badge-awarder.service.js';
import { BadgeMarksService } from './badge-marks.service.js';
import { BadgeSettingsService } from './badge-settings.service.js';
import { BadgesApiController } from './badges.api.controller.js';
import { BadgesJobsSubscriber } from './badges.jobs.js';
import { BadgesPagesController } from './badges.pages.controller.js';
import { BadgesPolicy } from './badges.policy.js';
import { BadgesService } from './badges.service.js';
import { BadgeAward } from './entities/badge-award.entity.js';
import { BadgeSetting } from './entities/badge-setting.entity.js';
import { SuperUserNomination } from './entities/super-user-nomination.entity.js';
import { SuperUsersService } from './super-users.service.js';

/**
 * Badge rules, awards and the super-user programme. It subscribes to other modules' jobs and
 * reads their tables in its rules; it writes only its own. Nothing imports it: the marks beside
 * names reach the pages through the users module's NAME_MARKS port, provided here globally.
 */
@Global()
@Module({
  imports: [UsersModule, ModerationModule, TypeOrmModule.forFeature([BadgeAward, SuperUserNomination, BadgeSetting])],
  controllers: [BadgesApiController, BadgesPagesController],
  providers: [BadgesPolicy, BadgesService, BadgeAwarder, BadgeSettingsService, SuperUsersService, BadgeMarksService, BadgesJobsSubscriber, { provide: NAME_MARKS, useExisting: BadgeMarksService }],
  exports: [NAME_MARKS],
})
export class BadgesModule {}
