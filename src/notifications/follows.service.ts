import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-errors.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import type { Actor } from '../users/actor.js';
import { NotificationPreference, type DigestFrequency } from './entities/notification-preference.entity.js';
import { TagFollow } from './entities/tag-follow.entity.js';
import { ThreadWatch } from './entities/thread-watch.entity.js';

const TAG = /^[a-z0-9][a-z0-9.+#-]{0,34}$/;

/** Following tags, watching threads, and the routing and digest preferences. */
@Injectable()
export class FollowsService {
  constructor(
    @InjectRepository(TagFollow) private readonly follows: Repository<TagFollow>,
    @InjectRepository(ThreadWatch) private readonly watches: Repository<ThreadWatch>,
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
    private readonly reader: ThreadReader,
  ) {}

  async followedTags(userId: number): Promise<string[]> {
    return (await this.follows.find({ where: { userId }, order: { tag: 'ASC' } })).map((f) => f.tag);
  }

  async followTag(actor: Actor, tag: string): Promise<string[]> {
    const name = tag.trim().toLowerCase();
    if (!TAG.test(name)) throw new ValidationFailedError({ tag: ['A tag is 1 to 35 lowercase letters, digits and . + # -'] });
    await this.follows.createQueryBuilder().insert().into(TagFollow).values({ userId: actor.id, tag: name }).orIgnore().execute();
    return this.followedTags(actor.id);
  }

  async unfollowTag(actor: Actor, tag: string): Promise<string[]> {
    await this.follows.delete({ userId: actor.id, tag: tag.trim().toLowerCase() });
    return this.followedTags(actor.id);
  }

  async isWatching(userId: number, questionId: number): Promise<boolean> {
    return (await this.watches.findOneBy({ userId, questionId }))?.watching ?? false;
  }

  /** Watch or unwatch a thread the member can see; an unwatch is remembered. */
  async setWatching(actor: Actor, questionId: number, watching: boolean): Promise<boolean> {
    await this.reader.thread(actor, questionId);
    await this.watches.upsert({ userId: actor.id, questionId, watching }, ['userId', 'questionId']);
    return watching;
  }

  /**
   * Asking or answering watches the thread, unless the member unwatched it before; the watch
   * counts from the post's time (`since`), whenever the job runs.
   */
  async autoWatch(userId: number, questionId: number, since: Date): Promise<void> {
    await this.watches.createQueryBuilder().insert().into(ThreadWatch).values({ userId, questionId, watching: true, updatedAt: since }).orIgnore().execute();
  }

  /** The threads a member watches, newest first, with their titles and addresses. */
  async watchedThreads(userId: number): Promise<{ questionId: number; title: string; url: string }[]> {
    const rows = await this.watches.find({ where: { userId, watching: true }, order: { updatedAt: 'DESC' }, take: 100 });
    const links = await this.reader.linksFor(undefined, rows.map((r) => r.questionId));
    return rows.filter((r) => links.has(r.questionId)).map((r) => ({ questionId: r.questionId, ...links.get(r.questionId)! }));
  }

  /** Who watched the thread before `before` (an answer posted earlier than a watch is not news to its watcher). */
  async watcherIds(questionId: number, before: Date): Promise<number[]> {
    const rows = await this.watches.find({ where: { questionId, watching: true }, select: { userId: true, updatedAt: true } });
    return rows.filter((w) => w.updatedAt < before).map((w) => w.userId);
  }

  async preferencesOf(userId: number): Promise<{ email: boolean; routing: boolean; digest: DigestFrequency }> {
    const row = await this.preferences.findOneBy({ userId });
    return { email: row?.email ?? true, routing: row?.routing ?? true, digest: row?.digest ?? 'off' };
  }

  async setPreferences(actor: Actor, input: { routing?: boolean; digest?: DigestFrequency }): Promise<{ email: boolean; routing: boolean; digest: DigestFrequency }> {
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length > 0) {
      await this.preferences.createQueryBuilder().insert().into(NotificationPreference).values({ userId: actor.id, ...changes })
        .orUpdate(Object.keys(changes).map((k) => (k === 'digest' ? 'digest' : k)), ['user_id']).execute();
    }
    return this.preferencesOf(actor.id);
  }
}
