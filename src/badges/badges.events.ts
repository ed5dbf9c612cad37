import type { Tier } from './badges.catalogue.js';

/**
 * The jobs the badges module publishes, inside the transaction of the award or decision.
 * Subscribers (notifications, insights) handle them idempotently; nothing imports this module,
 * so they repeat these names and payloads on their side.
 */
export const BadgeEvents = {
  /** A member was awarded a badge (by a rule after an event, or by hand). */
  badgeAwarded: 'badges.badge-awarded',
  /** A community manager approved or declined a super-user nomination, or revoked the status. */
  superUserDecided: 'badges.super-user-decided',
} as const;

export interface BadgeAwarded {
  awardId: number;
  userId: number;
  badgeName: string;
  tier: Tier;
  /** The post the badge was earned for, when it is a per-post badge. */
  postId: number | null;
}

export interface SuperUserDecided {
  /** The nomination decided; for a revocation, the member's latest approved one (0 when the badge was given by hand). */
  nominationId: number;
  userId: number;
  decision: 'approved' | 'declined' | 'revoked';
  decidedById: number | null;
}
