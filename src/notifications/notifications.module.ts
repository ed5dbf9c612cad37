import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { UsersModule } from '../users/users.module.js';
import { EMAIL_SENDER, LoggingEmailSender, SmtpEmailSender } from './email-sender.js';
import { NotificationPreference } from './entities/notification-preference.entity.js';
import { Notification } from './entities/notification.entity.js';
import { NotificationMailer } from './notification-mailer.subscriber.js';
import { NotificationTriggers } from './notification-triggers.subscriber.js';
import { NotificationsApiController } from './notifications.api.controller.js';
import { NotificationsPagesController } from './notifications.pages.controller.js';
import { NotificationsPolicy } from './notifications.policy.js';
import { NotificationsService } from './notifications.service.js';
import { UnreadCountMiddleware } from './unread-count.middleware.js';

/** In-app notifications (and e-mail where SMTP is configured). It only subscribes to jobs: nothing imports it. */
@Module({
  imports: [ThreadsModule, UsersModule, TypeOrmModule.forFeature([Notification, NotificationPreference])],
  controllers: [NotificationsPagesController, NotificationsApiController],
  providers: [
    {
      provide: EMAIL_SENDER,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: (config: AppConfig, logger: Logger) =>
        config.mail.smtpUrl ? new SmtpEmailSender(config.mail.smtpUrl, config.mail.from) : new LoggingEmailSender(logger),
    },
    NotificationsService,
    NotificationsPolicy,
    NotificationTriggers,
    NotificationMailer,
    UnreadCountMiddleware,
  ],
})
export class NotificationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(UnreadCountMiddleware).forRoutes('*path');
  }
}
