import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import { ReputationEntry } from './entities/reputation-entry.entity.js';
import { appliedAmount, type EntryDraft } from './reputation.rules.js';
import { ReputationRulesService } from './reputation-rules.service.js';

export type LeaderboardPeriod = 'week' | 'month' | 'all';

/** The day the daily cap counts in: UTC, as of the transaction's start (the ledger entries' created_at). */
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const START_OF_TODAY = `${TODAY}::timestamp AT TIME ZONE 'UTC'`;
/** What capped entries earned the member in `users` row `user` today (their count is of another day: nothing). */
const earnedToday = (user: string) => `CASE WHEN ${user}.capped_day = ${TODAY} THEN ${user}.capped_earned ELSE 0 END`;

/**
 * What capped entries earned each member today, counted again from the ledger, for the writers
 * that write or date ledger entries themselves instead of through `record` (the bulk seeder, the
 * demo's timeline): the members counted for today and those with capped entries today.
 */
export const RECOUNT_EARNED_TODAY = `UPDATE users u SET capped_day = ${TODAY}, capped_earned = COALESCE((
    SELECT SUM(e.amount) FROM reputation_entries e WHERE e.user_id = u.id AND e.capped AND e.created_at >= ${START_OF_TODAY}), 0)
  WHERE u.capped_day = ${TODAY} OR u.id IN (SELECT user_id FROM reputation_entries WHERE capped AND created_at >= ${START_OF_TODAY})`;

/**
 * The ledger. Writes happen inside the caller's transaction (`tx`), with each member's row
 * locked while their entry is computed, so the floor and the daily cap hold under concurrency.
 */
@Injectable()
export class ReputationService {
  constructor(
    @InjectRepository(ReputationEntry) private readonly entries: Repository<ReputationEntry>,
    private readonly rules: ReputationRulesService,
  ) {}

  async record(tx: EntityManager, drafts: EntryDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const { dailyVoteCap } = await this.rules.current();
    // Members in id order: two transactions never wait on each other's members crosswise.
    for (const draft of [...drafts].sort((a, b) => a.userId - b.userId)) {
      const { reputation, earnedToday } = await this.lockReputation(tx, draft.userId);
      const amount = appliedAmount(draft, reputation, earnedToday, dailyVoteCap);
      await this.write(tx, {
        userId: draft.userId,
        amount,
        requested: draft.amount,
        reason: draft.reason,
        postId: draft.postId ?? null,
        voteId: draft.voteId ?? null,
        actorId: draft.actorId ?? null,
        capped: draft.capped ?? false,
        reversalOfId: null,
      });
    }
  }

  /**
   * The entry, the member's balance and, for a capped entry, what capped entries earned them today
   * (UTC), in one statement (this is on every vote's path).
   */
  private async write(tx: EntityManager, entry: Omit<ReputationEntry, 'id' | 'reversed' | 'createdAt' | 'user'>): Promise<void> {
    await tx.query(
      `WITH entry AS (
         INSERT INTO reputation_entries (user_id, amount, requested, reason, post_id, vote_id, actor_id, capped, reversal_of_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING user_id, amount, capped)
       UPDATE users u SET reputation = u.reputation + entry.amount,
              capped_earned = CASE WHEN entry.capped THEN ${earnedToday('u')} + entry.amount ELSE u.capped_earned END,
              capped_day = CASE WHEN entry.capped THEN ${TODAY} ELSE u.capped_day END
       FROM entry WHERE u.id = entry.user_id AND entry.amount <> 0`,
      [entry.userId, entry.amount, entry.requested, entry.reason, entry.postId, entry.voteId, entry.actorId, entry.capped, entry.reversalOfId],
    );
  }

  /** Undoes, exactly, the open entries a vote caused. */
  reverseVote(tx: EntityManager, voteId: number): Promise<void> {
    return this.reverse(tx, 'vote_id = $1', [voteId]);
  }

  /** Undoes the open entries about these posts (of the given reasons, or all of them). */
  reversePosts(tx: EntityManager, postIds: number[], reasons?: string[]): Promise<void> {
    if (postIds.length === 0) return Promise.resolve();
    return reasons
      ? this.reverse(tx, 'post_id = ANY($1) AND reason = ANY($2)', [postIds, reasons])
      : this.reverse(tx, 'post_id = ANY($1)', [postIds]);
  }

  private async reverse(tx: EntityManager, condition: string, params: unknown[]): Promise<void> {
    const open: Pick<ReputationEntry, 'id' | 'userId' | 'amount' | 'postId' | 'voteId' | 'actorId' | 'capped'>[] = await tx.query(
      `SELECT id, user_id AS "userId", amount, post_id AS "postId", vote_id AS "voteId", actor_id AS "actorId", capped
       FROM reputation_entries WHERE NOT reversed AND reversal_of_id IS NULL AND ${condition}
       ORDER BY user_id, id FOR UPDATE`,
      params,
    );
    if (open.length) await tx.query('UPDATE reputation_entries SET reversed = true WHERE id = ANY($1)', [open.map((entry) => entry.id)]);
    for (const entry of open) {
      const { reputation } = await this.lockReputation(tx, entry.userId);
      // A reversal undoes what was applied; only the floor can make it smaller.
      const amount = appliedAmount({ amount: -entry.amount }, reputation, 0, Number.MAX_SAFE_INTEGER);
      await this.write(tx, {
        userId: entry.userId,
        amount,
        requested: -entry.amount,
        reason: 'reversal',
        postId: entry.postId,
        voteId: entry.voteId,
        actorId: entry.actorId,
        capped: entry.capped,
        reversalOfId: entry.id,
      });
    }
  }

  /** Locks the member's row; reads their balance and what capped entries earned them today (UTC). */
  private async lockReputation(tx: EntityManager, userId: number): Promise<{ reputation: number; earnedToday: number }> {
    const [row] = await tx.query(
      `SELECT u.reputation, ${earnedToday('u')} AS "earnedToday" FROM users u WHERE u.id = $1 FOR UPDATE`,
      [userId],
    );
    return row;
  }

  /** A member's ledger, newest first. */
  async history(userId: number, page: PageRequest): Promise<{ items: ReputationEntry[]; hasNext: boolean }> {
    const rows = await this.entries.find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, skip: page.offset, take: page.size + 1 });
    return { items: rows.slice(0, page.size), hasNext: rows.length > page.size };
  }

  /** Members by reputation gained in the period (all time: by reputation). */
  async leaderboard(period: LeaderboardPeriod, page: PageRequest): Promise<{ userId: number; username: string; reputation: number; gained: number }[]> {
    if (period === 'all') {
      return this.entries.query(
        `SELECT id AS "userId", username, reputation, reputation - 1 AS gained FROM users ORDER BY reputation DESC, id ASC OFFSET $1 LIMIT $2`,
        [page.offset, page.size],
      );
    }
    const since = period === 'week' ? '7 days' : '30 days';
    return this.entries.query(
      `SELECT u.id AS "userId", u.username, u.reputation, g.gained::int AS gained
       FROM (SELECT user_id, SUM(amount) AS gained FROM reputation_entries WHERE created_at >= now() - interval '${since}'
             GROUP BY user_id HAVING SUM(amount) > 0) g
       JOIN users u ON u.id = g.user_id
       ORDER BY g.gained DESC, u.id ASC OFFSET $1 LIMIT $2`,
      [page.offset, page.size],
    );
  }

  /** Members whose count of what upvotes earned them today (the daily cap's) differs from their ledger's. */
  async todayMismatches(): Promise<{ userId: number; username: string; stored: number; ledger: number }[]> {
    return this.entries.query(
      `SELECT u.id AS "userId", u.username, ${earnedToday('u')} AS stored, COALESCE(l.earned, 0)::int AS ledger
       FROM users u LEFT JOIN (SELECT user_id, SUM(amount) AS earned FROM reputation_entries
                               WHERE capped AND created_at >= ${START_OF_TODAY} GROUP BY user_id) l ON l.user_id = u.id
       WHERE ${earnedToday('u')} <> COALESCE(l.earned, 0)
       ORDER BY u.id`,
    );
  }

  /** Members whose stored reputation differs from 1 + the sum of their ledger. */
  async mismatches(): Promise<{ userId: number; username: string; stored: number; ledger: number }[]> {
    return this.entries.query(
      `SELECT u.id AS "userId", u.username, u.reputation AS stored, (1 + COALESCE(l.total, 0))::int AS ledger
       FROM users u LEFT JOIN (SELECT user_id, SUM(amount) AS total FROM reputation_entries GROUP BY user_id) l ON l.user_id = u.id
       WHERE u.reputation <> 1 + COALESCE(l.total, 0)
       ORDER BY u.id`,
    );
  }
}
