import type { EntityManager } from 'typeorm';
import { BadgeAward } from './entities/badge-award.entity.js';

/**
 * Awarding and revoking by hand, inside the caller's transaction. A hand award is a badge held
 * once (no post); awarding a badge that was revoked restores that row with the new reason.
 */
export const BadgeGrants = {
  /** The award's id, or null when the member already holds the badge. */
  async grant(tx: EntityManager, userId: number, badge: string, awardedById: number, reason: string): Promise<number | null> {
    const existing = await tx
      .getRepository(BadgeAward)
      .createQueryBuilder('award')
      .setLock('pessimistic_write')
      .where('award.userId = :userId AND award.badge = :badge AND award.postId IS NULL', { userId, badge })
      .getOne();
    if (existing && !existing.revokedAt) return null;
    if (existing) {
      await tx.getRepository(BadgeAward).update(existing.id, {
        revokedAt: null, revokedById: null, revokeReason: null, awardedById, reason, createdAt: new Date(),
      });
      return existing.id;
    }
    const inserted: { id: number }[] = await tx.query(
      `INSERT INTO badge_awards (user_id, badge, post_id, awarded_by_id, reason) VALUES ($1, $2, NULL, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id`,
      [userId, badge, awardedById, reason],
    );
    return inserted[0]?.id ?? null;
  },

  /** Revokes every award of the badge the member holds (all of its posts, for per-post badges). */
  async revoke(tx: EntityManager, userId: number, badge: string, revokedById: number, reason: string): Promise<number> {
    const [{ revoked }]: { revoked: number }[] = await tx.query(
      `WITH revoked AS (
         UPDATE badge_awards SET revoked_at = now(), revoked_by_id = $3, revoke_reason = $4
         WHERE user_id = $1 AND badge = $2 AND revoked_at IS NULL RETURNING id
       ) SELECT count(*)::int AS revoked FROM revoked`,
      [userId, badge, revokedById, reason],
    );
    return revoked;
  },

  async holds(tx: EntityManager, userId: number, badge: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM badge_awards WHERE user_id = $1 AND badge = $2 AND revoked_at IS NULL LIMIT 1`, [userId, badge]);
    return rows.length > 0;
  },
};
