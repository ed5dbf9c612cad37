import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { BADGES, type BadgeDefinition } from './badges.catalogue.js';
import { BadgeMarksService } from './badge-marks.service.js';
import { BadgeEvents, type BadgeAwarded } from './badges.events.js';

export interface Awarded {
  id: number;
  userId: number;
  badge: string;
  postId: number | null;
}

/**
 * Evaluates badge rules and writes what they award. Each rule is one INSERT … SELECT guarded by
 * the awards' unique keys (ON CONFLICT DO NOTHING), so evaluating again, concurrently or in a
 * backfill never awards anything twice, and a revoked award is not handed back.
 */
@Injectable()
export class BadgeAwarder {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly marks: BadgeMarksService,
  ) {}

  /**
   * The given rules for the given members (all members when `userIds` is null), in one
   * transaction. With `announce`, each award publishes BadgeAwarded in that transaction (members
   * hear of what they just earned); a backfill over old data stays silent.
   */
  evaluate(badges: readonly BadgeDefinition[], userIds: number[] | null, announce = true): Promise<Awarded[]> {
    if (userIds !== null && userIds.length === 0) return Promise.resolve([]);
    return this.transactions.inTransaction(async (tx) => {
      const awarded: Awarded[] = [];
      const held = userIds ? await this.heldOnce(tx, userIds) : new Set<string>();
      for (const badge of badges) {
        // A badge earned once is never earned again: its rule need not run for those who hold it.
        const candidates = userIds && !badge.perPost ? userIds.filter((id) => !held.has(`${id}:${badge.slug}`)) : userIds;
        if (candidates?.length === 0) continue;
        const rows = await this.evaluateOne(tx, badge, candidates);
        if (announce) {
          for (const row of rows) {
            await this.jobs.publish<BadgeAwarded>(tx, BadgeEvents.badgeAwarded, { awardId: row.id, userId: row.userId, badgeName: badge.name, tier: badge.tier, postId: row.postId });
          }
        }
        awarded.push(...rows);
      }
      await this.marks.announceChanged(tx, awarded.map((award) => award.userId));
      return awarded;
    });
  }

  /** Every rule over all existing data: `badges:backfill` and the daily sweep. */
  backfill(): Promise<Awarded[]> {
    return this.evaluate(BADGES, null, false);
  }

  /** `user:badge` for the once-only badges these members hold (revoked ones too: they are not handed back). */
  private async heldOnce(tx: EntityManager, userIds: number[]): Promise<Set<string>> {
    const rows: { key: string }[] = await tx.query(
      `SELECT DISTINCT user_id || ':' || badge AS key FROM badge_awards WHERE user_id = ANY($1::int[]) AND post_id IS NULL`,
      [userIds],
    );
    return new Set(rows.map((row) => row.key));
  }

  private async evaluateOne(tx: EntityManager, badge: BadgeDefinition, userIds: number[] | null): Promise<Awarded[]> {
    if (!badge.rule) return [];
    const postId = badge.perPost ? 'c.post_id' : 'NULL::int';
    // The members' filter is written only when there is one, so the planner pushes it into the
    // rule's query and reads their rows by index (an "IS NULL OR" kept it from doing so).
    const rows: { id: number; user_id: number; post_id: number | null }[] = await tx.query(
      `INSERT INTO badge_awards (user_id, badge, post_id)
       SELECT DISTINCT c.user_id, $1, ${postId} FROM (${badge.rule}) c
       WHERE c.user_id IS NOT NULL${userIds ? ' AND c.user_id = ANY($2::int[])' : ''}
       ON CONFLICT DO NOTHING
       RETURNING id, user_id, post_id`,
      userIds ? [badge.slug, userIds] : [badge.slug],
    );
    return rows.map((row) => ({ id: row.id, userId: row.user_id, badge: badge.slug, postId: row.post_id }));
  }
}
