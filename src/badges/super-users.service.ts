import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { InvalidStateError, NotFoundError } from '../common/errors/domain-errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { AuditLogService } from '../moderation/audit-log.service.js';
import type { Actor } from '../users/actor.js';
import { BadgeGrants } from './badge-grants.js';
import { BadgeSettingsService, type SuperUserBar } from './badge-settings.service.js';
import { ACCEPTED_ANSWERS, badgeBySlug, SUPER_USER_BADGE } from './badges.catalogue.js';
import { BadgeEvents, type BadgeAwarded, type SuperUserDecided } from './badges.events.js';
import { BadgeMarksService } from './badge-marks.service.js';
import { BadgesPolicy } from './badges.policy.js';
import { SuperUserNomination, type NominationEvidence, type NominationStatus } from './entities/super-user-nomination.entity.js';

/** Moderation actions that count against a member (not the ones in their favour, nor flag dismissals). */
export const ACTIONS_AGAINST = ['hide', 'auto-hide', 'delete', 'suspend', 'reverse-serial-votes'];

export interface Standing extends NominationEvidence {
  userId: number;
  username: string;
  actionsAgainst: number;
}

export interface BelowTheBar {
  standing: Standing;
  shortfalls: string[];
}

/**
 * The super-user programme: the bar (reputation, recent accepted answers, no recent moderation
 * action against the member), nominations it creates, community managers' decisions, and the
 * review of super-users who fell below it. Approval awards the Super-user badge; revoking it is
 * a badge revocation (BadgesService.revoke), which removes the mark and logs why.
 */
@Injectable()
export class SuperUsersService {
  constructor(
    @InjectRepository(SuperUserNomination) private readonly nominations: Repository<SuperUserNomination>,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly policy: BadgesPolicy,
    private readonly settings: BadgeSettingsService,
    private readonly audit: AuditLogService,
    private readonly jobs: JobQueue,
    private readonly marks: BadgeMarksService,
  ) {}

  /**
   * Nominates every member (or those given) who meets the bar, is not a super-user, has no
   * pending nomination and was not declined within the window. Idempotent: the partial unique
   * key allows one pending nomination per member.
   */
  async nominate(userIds: number[] | null = null): Promise<SuperUserNomination[]> {
    if (userIds !== null && userIds.length === 0) return [];
    const bar = await this.settings.superUserBar();
    const candidates = (await this.standings(userIds, bar, true)).filter((s) => this.shortfalls(s, bar).length === 0);
    const created: SuperUserNomination[] = [];
    for (const standing of candidates) {
      const { userId, username: _username, actionsAgainst: _actions, ...evidence } = standing;
      const rows: SuperUserNomination[] = await this.nominations.query(
        `INSERT INTO super_user_nominations (user_id, status, evidence) VALUES ($1, 'pending', $2)
         ON CONFLICT DO NOTHING RETURNING id`,
        [userId, evidence],
      );
      if (rows.length) created.push(await this.nominations.findOneByOrFail({ id: rows[0]!.id }));
    }
    return created;
  }

  async list(actor: Actor, status: NominationStatus = 'pending'): Promise<SuperUserNomination[]> {
    this.policy.assertCanReviewSuperUsers(actor);
    return this.nominations.find({ where: { status }, relations: { user: true, decidedBy: true }, order: { createdAt: status === 'pending' ? 'ASC' : 'DESC', id: 'ASC' }, take: 100 });
  }

  approve(actor: Actor, id: number, note: string | undefined): Promise<SuperUserNomination> {
    return this.decide(actor, id, 'approved', note);
  }

  decline(actor: Actor, id: number, note: string | undefined): Promise<SuperUserNomination> {
    return this.decide(actor, id, 'declined', note);
  }

  /** Super-users who no longer meet the bar, with what they fall short on; nobody is revoked automatically. */
  async review(actor: Actor): Promise<BelowTheBar[]> {
    this.policy.assertCanReviewSuperUsers(actor);
    const bar = await this.settings.superUserBar();
    const holders: { userId: number }[] = await this.dataSource.query(
      `SELECT DISTINCT user_id AS "userId" FROM badge_awards WHERE badge = $1 AND revoked_at IS NULL`,
      [SUPER_USER_BADGE],
    );
    const standings = await this.standings(holders.map((h) => h.userId), bar, false);
    return standings.map((standing) => ({ standing, shortfalls: this.shortfalls(standing, bar) })).filter((row) => row.shortfalls.length > 0);
  }

  private async decide(actor: Actor, id: number, status: 'approved' | 'declined', note: string | undefined): Promise<SuperUserNomination> {
    this.policy.assertCanAward(actor);
    return this.transactions.inTransaction(async (tx) => {
      const nomination = await tx.getRepository(SuperUserNomination).createQueryBuilder('n').setLock('pessimistic_write').where('n.id = :id', { id }).getOne();
      if (!nomination) throw new NotFoundError(`There is no nomination ${id}.`);
      if (nomination.status !== 'pending') throw new InvalidStateError(`This nomination was already ${nomination.status}.`);
      await tx.getRepository(SuperUserNomination).update(id, { status, decidedById: actor.id, decidedAt: new Date(), note: note ?? null });
      const reason = note || (status === 'approved' ? 'Super-user nomination approved.' : 'Super-user nomination declined.');
      if (status === 'approved') {
        const awardId = await BadgeGrants.grant(tx, nomination.userId, SUPER_USER_BADGE, actor.id, reason);
        const badge = badgeBySlug(SUPER_USER_BADGE)!;
        if (awardId !== null) {
          await this.jobs.publish<BadgeAwarded>(tx, BadgeEvents.badgeAwarded, { awardId, userId: nomination.userId, badgeName: badge.name, tier: badge.tier, postId: null });
          await this.marks.announceChanged(tx, [nomination.userId]);
        }
      }
      await this.jobs.publish<SuperUserDecided>(tx, BadgeEvents.superUserDecided, { nominationId: id, userId: nomination.userId, decision: status, decidedById: actor.id });
      await this.audit.record(tx, {
        actorId: actor.id,
        action: status === 'approved' ? 'approve-super-user' : 'decline-super-user',
        targetType: 'user',
        targetId: nomination.userId,
        targetUserId: nomination.userId,
        reason,
        details: { nominationId: id },
      });
      return tx.getRepository(SuperUserNomination).findOneOrFail({ where: { id }, relations: { user: true, decidedBy: true } });
    });
  }

  shortfalls(standing: Standing, bar: SuperUserBar): string[] {
    const out: string[] = [];
    if (standing.reputation < bar.superUserMinReputation) out.push(`reputation ${standing.reputation} is below ${bar.superUserMinReputation}`);
    if (standing.acceptedAnswers < bar.superUserMinAcceptedAnswers) {
      out.push(`${standing.acceptedAnswers} accepted answers in ${bar.superUserWindowDays} days, below ${bar.superUserMinAcceptedAnswers}`);
    }
    if (standing.actionsAgainst > 0) out.push(`${standing.actionsAgainst} moderation actions against them in ${bar.superUserWindowDays} days`);
    return out;
  }

  /**
   * Each member's standing against the bar. With `candidatesOnly`, members who cannot be
   * nominated are left out in SQL: staff, the suspended, super-users, members with a pending
   * nomination or one declined within the window, and anyone below the reputation bar.
   */
  private async standings(userIds: number[] | null, bar: SuperUserBar, candidatesOnly: boolean): Promise<Standing[]> {
    const candidate = candidatesOnly
      ? `AND u.role = 'member' AND u.reputation >= $3
         AND (u.suspended_until IS NULL OR u.suspended_until <= now())
         AND NOT EXISTS (SELECT 1 FROM badge_awards b WHERE b.user_id = u.id AND b.badge = '${SUPER_USER_BADGE}' AND b.revoked_at IS NULL)
         AND NOT EXISTS (SELECT 1 FROM super_user_nominations n WHERE n.user_id = u.id
                         AND (n.status = 'pending' OR (n.status = 'declined' AND n.decided_at >= now() - make_interval(days => $2))))`
      : 'AND $3::int IS NOT NULL';
    const rows: (Standing & { lastActiveAt: Date | null; acceptedTotal: number; answersTotal: number })[] = await this.dataSource.query(
      `SELECT u.id AS "userId", u.username, u.reputation,
         (SELECT count(*) FROM (${ACCEPTED_ANSWERS}) s WHERE s.user_id = u.id AND s.accepted_at >= now() - make_interval(days => $2))::int AS "acceptedAnswers",
         (SELECT count(*) FROM (${ACCEPTED_ANSWERS}) s WHERE s.user_id = u.id)::int AS "acceptedTotal",
         (SELECT count(*) FROM posts p WHERE p.author_id = u.id AND p.type = 'answer' AND p.deleted_at IS NULL)::int AS "answersTotal",
         (SELECT count(*) FROM moderation_log m WHERE m.target_user_id = u.id AND m.action = ANY($4::text[])
            AND m.created_at >= now() - make_interval(days => $2))::int AS "actionsAgainst",
         (SELECT count(*) FROM flags f JOIN posts p ON f.target_type IN ('question', 'answer') AND p.id = f.target_id
            WHERE p.author_id = u.id AND f.created_at >= now() - make_interval(days => $2))::int AS "flagsAgainst",
         GREATEST((SELECT max(created_at) FROM posts p WHERE p.author_id = u.id), (SELECT max(created_at) FROM comments c WHERE c.author_id = u.id)) AS "lastActiveAt"
       FROM users u
       WHERE ($1::int[] IS NULL OR u.id = ANY($1::int[])) ${candidate}
       ORDER BY u.id`,
      [userIds, bar.superUserWindowDays, bar.superUserMinReputation, ACTIONS_AGAINST],
    );
    return rows.map((row) => ({
      userId: row.userId,
      username: row.username,
      reputation: row.reputation,
      acceptedAnswers: row.acceptedAnswers,
      answers: row.answersTotal,
      acceptanceRate: row.answersTotal ? Math.round((100 * row.acceptedTotal) / row.answersTotal) / 100 : 0,
      lastActiveAt: row.lastActiveAt ? new Date(row.lastActiveAt).toISOString() : null,
      flagsAgainst: row.flagsAgainst,
      actionsAgainst: row.actionsAgainst,
      windowDays: bar.superUserWindowDays,
    }));
  }
}
