import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobQueue } from '../jobs/job-queue.js';
import { UsersService } from '../users/users.service.js';
import { EMAIL_SENDER, type EmailSender } from './email-sender.js';
import { Notification } from './entities/notification.entity.js';
import { NotificationJobs, type EmailNotification } from './notifications.events.js';
import { NotificationsService } from './notifications.service.js';
import { unsubscribeHeaders, unsubscribeToken } from './unsubscribe-links.js';

/**
 * E-mails a notification, as a job of its own: when SMTP is configured and the member has not
 * turned e-mail off. `emailed_at` is stamped after sending, so a retry never sends twice once
 * one succeeded (a crash between the two can, rarely, send twice: at least once, never lost).
 */
@Injectable()
export class NotificationMailer implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly preferences: NotificationsService,
    private readonly users: UsersService,
    private readonly jobs: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<EmailNotification>(NotificationJobs.email, ({ notificationId }) => this.send(notificationId));
  }

  async send(notificationId: number): Promise<void> {
    const notification = await this.notifications.findOneBy({ id: notificationId, emailedAt: IsNull() });
    if (!notification || !this.sender.delivers) return;
    if (await this.preferences.emailPreference(notification.userId)) {
      const user = await this.users.findById(notification.userId);
      if (user?.email) {
        const unsubscribe = `${this.config.mail.publicUrl}/unsubscribe/${unsubscribeToken(this.config.sessionSecret, user.id, 'notifications')}`;
        await this.sender.send({
          headers: unsubscribeHeaders(unsubscribe),
          to: user.email,
          subject: `AnswerBase: ${notification.text}`.slice(0, 150),
          text: `${notification.text}\n\n${this.config.mail.publicUrl}${notification.url}\n\nChoose which e-mails you get: ${this.config.mail.publicUrl}/settings/notifications\nStop these e-mails: ${unsubscribe}\n`,
        });
      }
    }
    await this.notifications.update({ id: notification.id }, { emailedAt: () => 'now()' });
  }
}
