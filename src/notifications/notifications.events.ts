/**
 * Events notifications subscribes to that no module publishes yet: the badges module (being
 * built) should publish these names with these payloads, in the transaction of the award or
 * decision. Subscribing to a name nobody publishes is harmless.
 */
export const ExpectedBadgeEvents = {
  /** A member was awarded a badge. */
  badgeAwarded: 'badges.badge-awarded',
  /** A community manager approved or declined (or revoked) a super-user nomination. */
  superUserDecided: 'badges.super-user-decided',
} as const;

export interface BadgeAwarded {
  awardId: number;
  userId: number;
  badgeName: string;
  tier: 'bronze' | 'silver' | 'gold';
  /** The post the badge was earned for, when it is a per-post badge. */
  postId?: number | null;
}

export interface SuperUserDecided {
  nominationId: number;
  userId: number;
  decision: 'approved' | 'declined' | 'revoked';
  decidedById: number | null;
}

/** The notifications module's own job: e-mail one notification. */
export const NotificationJobs = {
  email: 'notifications.email',
} as const;

export interface EmailNotification {
  notificationId: number;
}
