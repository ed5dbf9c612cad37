import type { Post } from '../threads/entities/post.entity.js';
import { badgeBySlug, type BadgeDefinition } from './badges.catalogue.js';
import type { BadgeWithCount } from './badges.service.js';
import type { BelowTheBar } from './super-users.service.js';
import type { BadgeAward } from './entities/badge-award.entity.js';
import type { SuperUserNomination } from './entities/super-user-nomination.entity.js';

const postLink = (post: Post | null | undefined) => {
  if (!post) return null;
  const question = post.type === 'question' ? post : post.parent;
  if (!question) return null;
  return { id: post.id, type: post.type, title: question.title, url: `/questions/${question.id}/${question.slug}${post.type === 'answer' ? `#answer-${post.id}` : ''}` };
};

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** One mapper for pages and API: entities never reach a view or a response body. */
export const BadgesPresenter = {
  badge(badge: BadgeDefinition, holders?: number) {
    return {
      slug: badge.slug,
      name: badge.name,
      tier: badge.tier,
      group: badge.group,
      description: badge.description,
      awarded: badge.perPost ? 'once per post' : 'once',
      automatic: !!badge.rule,
      ...(holders === undefined ? {} : { holders }),
      url: `/badges/${badge.slug}`,
    };
  },

  catalogue(rows: BadgeWithCount[]) {
    return rows.map((row) => BadgesPresenter.badge(row.badge, row.holders));
  },

  /** The catalogue grouped by tier, gold first, for the /badges page. */
  byTier(rows: BadgeWithCount[]) {
    return (['gold', 'silver', 'bronze'] as const).map((tier) => ({
      tier,
      label: tier[0]!.toUpperCase() + tier.slice(1),
      badges: rows.filter((row) => row.badge.tier === tier).map((row) => BadgesPresenter.badge(row.badge, row.holders)),
    }));
  },

  award(award: BadgeAward) {
    const badge = badgeBySlug(award.badge)!;
    return {
      badge: { slug: badge.slug, name: badge.name, tier: badge.tier, url: `/badges/${badge.slug}` },
      post: postLink(award.post),
      awardedAt: award.createdAt.toISOString(),
      byHand: award.awardedById !== null,
      reason: award.reason,
    };
  },

  holder(award: BadgeAward) {
    return {
      username: award.user?.username ?? 'deleted',
      reputation: award.user?.reputation ?? 0,
      awardedAt: award.createdAt.toISOString(),
      post: postLink(award.post),
    };
  },

  /** A member's badges: each badge once, with how many times and for which posts. */
  memberBadges(awards: BadgeAward[]) {
    const groups = new Map<string, { badge: ReturnType<typeof BadgesPresenter.badge>; count: number; lastAwardedAt: string; posts: object[] }>();
    for (const award of awards) {
      const badge = badgeBySlug(award.badge)!;
      const group = groups.get(badge.slug) ?? { badge: BadgesPresenter.badge(badge), count: 0, lastAwardedAt: award.createdAt.toISOString(), posts: [] };
      group.count += 1;
      const post = postLink(award.post);
      if (post) group.posts.push(post);
      groups.set(badge.slug, group);
    }
    return [...groups.values()].map((group) => ({ ...group, many: group.count > 1 }));
  },

  tierCounts(awards: BadgeAward[]) {
    const counts = { gold: 0, silver: 0, bronze: 0 };
    for (const award of awards) counts[badgeBySlug(award.badge)!.tier] += 1;
    return counts;
  },

  nomination(nomination: SuperUserNomination) {
    return {
      id: nomination.id,
      status: nomination.status,
      user: nomination.user ? { id: nomination.user.id, username: nomination.user.username, reputation: nomination.user.reputation } : { id: nomination.userId },
      evidence: nomination.evidence,
      acceptancePercent: Math.round(nomination.evidence.acceptanceRate * 100),
      createdAt: nomination.createdAt.toISOString(),
      decidedAt: iso(nomination.decidedAt),
      decidedBy: nomination.decidedBy?.username ?? null,
      note: nomination.note,
      pending: nomination.status === 'pending',
    };
  },

  belowTheBar(row: BelowTheBar) {
    return { username: row.standing.username, reputation: row.standing.reputation, acceptedAnswers: row.standing.acceptedAnswers, actionsAgainst: row.standing.actionsAgainst, shortfalls: row.shortfalls };
  },
};
