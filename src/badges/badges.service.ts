import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import type { PageRequest } from '../common/http/pagination.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { AuditLogService } from '../moderation/audit-log.service.js';
import type { Actor } from '../users/actor.js';
import type { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { BadgeGrants } from './badge-grants.js';
import { BADGES, badgeBySlug, SUPER_USER_BADGE, type BadgeDefinition } from './badges.catalogue.js';
import { BadgeEvents, type BadgeAwarded, type SuperUserDecided } from './badges.events.js';
import { BadgeMarksService } from './badge-marks.service.js';
import { BadgesPolicy } from './badges.policy.js';
import { BadgeAward } from './entities/badge-award.entity.js';

export interface BadgeWithCount {
  badge: BadgeDefinition;
  holders: number;
}

/** The catalogue, who holds what, and community managers' awards and revocations. */
@Injectable()
export class BadgesService {
  constructor(
    @InjectRepository(BadgeAward) private readonly awards: Repository<BadgeAward>,
    private readonly transactions: TransactionRunner,
    private readonly policy: BadgesPolicy,
    private readonly users: UsersService,
    private readonly audit: AuditLogService,
    private readonly jobs: JobQueue,
    private readonly marks: BadgeMarksService,
  ) {}

  /** Every badge with how many members hold it. */
  async catalogue(): Promise<BadgeWithCount[]> {
    const rows: { badge: string; holders: number }[] = await this.awards.query(
      `SELECT badge, count(DISTINCT user_id)::int AS holders FROM badge_awards WHERE revoked_at IS NULL GROUP BY badge`,
    );
    const counts = new Map(rows.map((row) => [row.badge, row.holders]));
    return BADGES.map((badge) => ({ badge, holders: counts.get(badge.slug) ?? 0 }));
  }

  get(slug: string): BadgeDefinition {
    const badge = badgeBySlug(slug);
    if (!badge) throw new NotFoundError(`There is no badge "${slug}".`);
    return badge;
  }

  /** A badge's holders, newest award first, looking one row ahead instead of counting. */
  async holders(slug: string, page: PageRequest): Promise<{ badge: BadgeWithCount; items: BadgeAward[]; hasNext: boolean }> {
    const badge = this.get(slug);
    const [count] = await this.awards.query(`SELECT count(DISTINCT user_id)::int AS holders FROM badge_awards WHERE badge = $1 AND revoked_at IS NULL`, [slug]);
    const rows = await this.activeAwards()
      .where('award.badge = :slug AND award.revokedAt IS NULL', { slug })
      .orderBy('award.createdAt', 'DESC')
      .addOrderBy('award.id', 'DESC')
      .offset(page.offset)
      .limit(page.size + 1)
      .getMany();
    return { badge: { badge, holders: count.holders }, items: rows.slice(0, page.size), hasNext: rows.length > page.size };
  }

  /** The badges a member holds, newest first. */
  async ofMember(username: string): Promise<{ user: User; awards: BadgeAward[] }> {
    const user = await this.users.getByUsername(username);
    const awards = await this.activeAwards()
      .where('award.userId = :userId AND award.revokedAt IS NULL', { userId: user.id })
      .orderBy('award.createdAt', 'DESC')
      .addOrderBy('award.id', 'DESC')
      .getMany();
    return { user, awards: awards.filter((award) => badgeBySlug(award.badge)) };
  }

  /** A community manager awards a badge by hand; the award and its audit entry share one transaction. */
  async award(actor: Actor, username: string, slug: string, reason: string): Promise<User> {
    this.policy.assertCanAward(actor);
    const badge = this.get(slug);
    const user = await this.users.getByUsername(username);
    await this.transactions.inTransaction(async (tx) => {
      const awardId = await BadgeGrants.grant(tx, user.id, badge.slug, actor.id, reason);
      if (awardId === null) throw new ConflictError(`${user.username} already holds ${badge.name}.`, 'badge');
      await this.marks.announceChanged(tx, [user.id]);
      await this.jobs.publish<BadgeAwarded>(tx, BadgeEvents.badgeAwarded, { awardId, userId: user.id, badgeName: badge.name, tier: badge.tier, postId: null });
      await this.audit.record(tx, { actorId: actor.id, action: 'award-badge', targetType: 'user', targetId: user.id, targetUserId: user.id, reason, details: { badge: badge.slug } });
    });
    return user;
  }

  /** A community manager revokes a badge (every award of it, for per-post badges), with the reason logged. */
  async revoke(actor: Actor, username: string, slug: string, reason: string): Promise<User> {
    this.policy.assertCanAward(actor);
    const badge = this.get(slug);
    const user = await this.users.getByUsername(username);
    await this.transactions.inTransaction(async (tx) => {
      const revoked = await BadgeGrants.revoke(tx, user.id, badge.slug, actor.id, reason);
      if (revoked === 0) throw new NotFoundError(`${user.username} does not hold ${badge.name}.`);
      await this.marks.announceChanged(tx, [user.id]);
      if (badge.slug === SUPER_USER_BADGE) {
        const [latest] = await tx.query(`SELECT max(id)::int AS id FROM super_user_nominations WHERE user_id = $1 AND status = 'approved'`, [user.id]);
        await this.jobs.publish<SuperUserDecided>(tx, BadgeEvents.superUserDecided, { nominationId: latest?.id ?? 0, userId: user.id, decision: 'revoked', decidedById: actor.id });
      }
      await this.audit.record(tx, { actorId: actor.id, action: 'revoke-badge', targetType: 'user', targetId: user.id, targetUserId: user.id, reason, details: { badge: badge.slug, awards: revoked } });
    });
    return user;
  }

  private activeAwards() {
    return this.awards
      .createQueryBuilder('award')
      .innerJoinAndSelect('award.user', 'user')
      .leftJoinAndSelect('award.post', 'post')
      .leftJoinAndSelect('post.parent', 'parent');
  }
}
