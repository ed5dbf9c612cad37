import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { UsersService } from '../users/users.service.js';
import { EMAIL_SENDER, type EmailSender } from './email-sender.js';
import { FollowsService } from './follows.service.js';
import { NotificationPreference, type DigestFrequency } from './entities/notification-preference.entity.js';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { unsubscribeHeaders, unsubscribeToken } from './unsubscribe-links.js';

const PERIOD_MS: Record<Exclude<DigestFrequency, 'off'>, number> = { daily: 24 * 3600_000, weekly: 7 * 24 * 3600_000 };
const UNANSWERED_DAYS = 30;
const MAX_ITEMS = 20;
const CHECK_EVERY_MS = 15 * 60_000;

/**
 * The daily and weekly digests of new and unanswered questions in followed tags. A member's
 * digest is due once its period has passed since the last one; `digest_sent_at` is stamped after
 * sending, so a second run in the same period sends nothing. Workers check every 15 minutes.
 */
@Injectable()
export class DigestsService implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
    private readonly follows: FollowsService,
    private readonly reader: ThreadReader,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    if (!this.config.jobs.workers || !this.sender.delivers) return;
    this.timer = setInterval(() => void this.sendDue().catch(() => undefined), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Sends every digest that is due at `now`; returns how many went out. */
  async sendDue(now = new Date()): Promise<number> {
    if (!this.sender.delivers) return 0;
    let sent = 0;
    for (const frequency of ['daily', 'weekly'] as const) {
      const due: { userId: number; digestSentAt: Date | null }[] = await this.preferences.query(
        `SELECT user_id AS "userId", digest_sent_at AS "digestSentAt" FROM notification_preferences
         WHERE digest = $1 AND email AND (digest_sent_at IS NULL OR digest_sent_at <= $2) ORDER BY user_id`,
        [frequency, new Date(now.getTime() - PERIOD_MS[frequency] + 60_000)],
      );
      for (const member of due) {
        if (await this.sendOne(member.userId, frequency, member.digestSentAt, now)) sent += 1;
      }
    }
    return sent;
  }

  private async sendOne(userId: number, frequency: 'daily' | 'weekly', lastSent: Date | null, now: Date): Promise<boolean> {
    const user = await this.users.findById(userId);
    const tags = await this.follows.followedTags(userId);
    const since = lastSent ?? new Date(now.getTime() - PERIOD_MS[frequency]);
    const fresh = (await this.reader.questionsInTags(tags, since, MAX_ITEMS)).filter((q) => q.title);
    const unanswered = (await this.reader.questionsInTags(tags, new Date(now.getTime() - UNANSWERED_DAYS * 24 * 3600_000), 200))
      .filter((q) => q.answerCount === 0 && !fresh.some((f) => f.id === q.id))
      .slice(0, MAX_ITEMS);
    // Stamped even when there was nothing to say, so an empty period is not looked at again.
    await this.preferences.update({ userId }, { digestSentAt: now });
    if (!user?.email || (fresh.length === 0 && unanswered.length === 0)) return false;
    const base = this.config.mail.publicUrl;
    const unsubscribe = `${base}/unsubscribe/${unsubscribeToken(this.config.sessionSecret, userId, 'digest')}`;
    const list = (items: { title: string; url: string; answerCount: number }[]) => items.map((q) => `- ${q.title} (${q.answerCount} answers)\n  ${base}${q.url}`).join('\n');
    const text = [
      `Your ${frequency} digest of ${tags.map((t) => `[${t}]`).join(' ')}`,
      '',
      ...(fresh.length ? ['New questions:', list(fresh), ''] : []),
      ...(unanswered.length ? ['Still waiting for an answer:', list(unanswered), ''] : []),
      `Stop this digest: ${unsubscribe}`,
      `Choose which e-mails you get: ${base}/settings/notifications`,
    ].join('\n');
    await this.sender.send({ to: user.email, subject: `AnswerBase ${frequency} digest: ${fresh.length} new, ${unanswered.length} unanswered`, text, headers: unsubscribeHeaders(unsubscribe) });
    return true;
  }

  /** One-click unsubscribe: turns the digest, or all notification e-mail, off. */
  async unsubscribe(userId: number, list: 'digest' | 'notifications'): Promise<void> {
    const change = list === 'digest' ? { digest: 'off' as const } : { email: false };
    await this.preferences.createQueryBuilder().insert().into(NotificationPreference).values({ userId, ...change }).orUpdate(Object.keys(change), ['user_id']).execute();
  }
}
