import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThreadsModule } from '../threads/threads.module.js';
import { UsersModule } from '../users/users.module.js';
import { DigestsService } from './digests.service.js';
import { emailSenderProvider } from './email-sender.js';
import { QuestionRoute } from './entities/question-route.entity.js';
import { TagFollow } from './entities/tag-follow.entity.js';
import { ThreadWatch } from './entities/thread-watch.entity.js';
import { ExpertRouting } from './expert-routing.subscriber.js';
import { FollowTriggers } from './follow-triggers.subscriber.js';
import { FollowsApiController } from './follows.api.controller.js';
import { FollowsPagesController } from './follows.pages.controller.js';
import { FollowsService } from './follows.service.js';
import { NotificationPreference } from './entities/notification-preference.entity.js';
import { Notification } from './entities/notification.entity.js';
import { NotificationMailer } from './notification-mailer.subscriber.js';
import { IntegrationTriggers } from './integration-triggers.subscriber.js';
import { NotificationTriggers } from './notification-triggers.subscriber.js';
import { NotificationsApiController } from './notifications.api.controller.js';
import { NotificationsPagesController } from './notifications.pages.controller.js';
import { NotificationsPolicy } from './notifications.policy.js';
import { NotificationsService } from './notifications.service.js';
import { UnreadCountMiddleware } from './unread-count.middleware.js';

/** In-app notifications (and e-mail where SMTP is configured). It only subscribes to jobs: nothing imports it. */
@Module({
  imports: [ThreadsModule, UsersModule, TypeOrmModule.forFeature([Notification, NotificationPreference, TagFollow, ThreadWatch, QuestionRoute])],
  controllers: [NotificationsPagesController, NotificationsApiController, FollowsPagesController, FollowsApiController],
  providers: [
    emailSenderProvider,
    NotificationsService,
    NotificationsPolicy,
    NotificationTriggers,
    IntegrationTriggers,
    FollowsService,
    FollowTriggers,
    ExpertRouting,
    DigestsService,
    NotificationMailer,
    UnreadCountMiddleware,
  ],
})
export class NotificationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(UnreadCountMiddleware).forRoutes('*path');
  }
}
