import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { BADGES, type BadgeDefinition } from './badges.catalogue.js';
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
      for (const badge of badges) {
        const rows = await this.evaluateOne(tx, badge, userIds);
        if (announce) {
          for (const row of rows) {
            await this.jobs.publish<BadgeAwarded>(tx, BadgeEvents.badgeAwarded, { awardId: row.id, userId: row.userId, badgeName: badge.name, tier: badge.tier, postId: row.postId });
          }
        }
        awarded.push(...rows);
      }
      return awarded;
    });
  }

  /** Every rule over all existing data: `badges:backfill` and the daily sweep. */
  backfill(): Promise<Awarded[]> {
    return this.evaluate(BADGES, null, false);
  }

  private async evaluateOne(tx: EntityManager, badge: BadgeDefinition, userIds: number[] | null): Promise<Awarded[]> {
    if (!badge.rule) return [];
    const postId = badge.perPost ? 'c.post_id' : 'NULL::int';
    const rows: { id: number; user_id: number; post_id: number | null }[] = await tx.query(
      `INSERT INTO badge_awards (user_id, badge, post_id)
       SELECT DISTINCT c.user_id, $1, ${postId} FROM (${badge.rule}) c
       WHERE c.user_id IS NOT NULL AND ($2::int[] IS NULL OR c.user_id = ANY($2::int[]))
       ON CONFLICT DO NOTHING
       RETURNING id, user_id, post_id`,
      [badge.slug, userIds],
    );
    return rows.map((row) => ({ id: row.id, userId: row.user_id, badge: badge.slug, postId: row.post_id }));
  }
}
