import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Actor } from '../users/actor.js';
import { EMAIL_SENDER, type EmailSender } from './email-sender.js';
import { NotificationPreference } from './entities/notification-preference.entity.js';
import { Notification, type NotificationKind } from './entities/notification.entity.js';
import { NotificationJobs, type EmailNotification } from './notifications.events.js';
import { NotificationsPolicy } from './notifications.policy.js';

export interface NotificationDraft {
  userId: number;
  kind: NotificationKind;
  sourceKey: string;
  actorId: number | null;
  text: string;
  url: string;
}

/** Making, listing and marking notifications; the e-mail preference. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly policy: NotificationsPolicy,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
  ) {}

  /** Whether the site sends e-mail at all (SMTP_URL set). */
  emailDelivers(): boolean {
    return this.sender.delivers;
  }

  /**
   * Notifies, once per recipient and source (a repeated job changes nothing), never about the
   * recipient's own action; queues the e-mail with it. Returns whether a notification was made.
   */
  async notify(draft: NotificationDraft): Promise<boolean> {
    if (!this.policy.shouldNotify(draft.userId, draft.actorId)) return false;
    return this.transactions.inTransaction(async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .insert()
        .into(Notification)
        .values({ ...draft, text: draft.text.slice(0, 300), url: draft.url.slice(0, 300) })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (result.raw as { id: number }[])[0]?.id;
      if (id === undefined) return false;
      await this.jobs.publish<EmailNotification>(tx, NotificationJobs.email, { notificationId: id });
      return true;
    });
  }

  async list(actor: Actor, page: PageRequest): Promise<{ items: Notification[]; hasNext: boolean; unread: number }> {
    const rows = await this.notifications.find({
      where: { userId: actor.id },
      relations: { actor: true },
      order: { id: 'DESC' },
      skip: page.offset,
      take: page.size + 1,
    });
    return { items: rows.slice(0, page.size), hasNext: rows.length > page.size, unread: await this.unreadCount(actor.id) };
  }

  /** One indexed count (the partial index over unread rows), for the navigation on every page. */
  async unreadCount(userId: number): Promise<number> {
    const [{ count }] = await this.notifications.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return count;
  }

  /** Marks the member's own notifications read: these ids, or all of them. Returns how many changed. */
  async markRead(actor: Actor, which: { ids?: number[]; all?: boolean }): Promise<number> {
    const where = which.all ? { userId: actor.id, readAt: IsNull() } : { userId: actor.id, readAt: IsNull(), id: In(which.ids ?? []) };
    if (!which.all && !which.ids?.length) return 0;
    const result = await this.notifications.update(where, { readAt: () => 'now()' });
    return result.affected ?? 0;
  }

  async emailPreference(userId: number): Promise<boolean> {
    return (await this.preferences.findOneBy({ userId }))?.email ?? true;
  }

  async setEmailPreference(actor: Actor, email: boolean): Promise<boolean> {
    await this.preferences.upsert({ userId: actor.id, email }, ['userId']);
    return email;
  }
}
