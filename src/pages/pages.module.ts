import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { KnowledgeModule } from '../knowledge/knowledge.module.js';
import { ReputationModule } from '../reputation/reputation.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { UsersModule } from '../users/users.module.js';
import { VotesModule } from '../votes/votes.module.js';
import { ProfilesController } from './profiles.controller.js';
import { ThreadPageController } from './thread-page.controller.js';

/** Pages composed from several modules; it sits on top, and nothing imports it. */
@Module({
  imports: [UsersModule, ReputationModule, ThreadsModule, VotesModule, KnowledgeModule, IntegrationsModule],
  controllers: [ThreadPageController, ProfilesController],
})
export class PagesModule {}
