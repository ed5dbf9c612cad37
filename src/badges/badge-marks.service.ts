import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badgeBySlug, SUPER_USER_BADGE } from './badges.catalogue.js';

/** What appears beside a member's name: the super-user mark and their badge counts per tier. */
export interface NameMarks {
  superUser: boolean;
  gold: number;
  silver: number;
  bronze: number;
  /** All three counts together: no badges, no tier counts shown. */
  total: number;
}

export const NO_MARKS: NameMarks = { superUser: false, gold: 0, silver: 0, bronze: 0, total: 0 };

/** The small read the pages call wherever names appear (author cards, profiles, the leaderboard). */
@Injectable()
export class BadgeMarksService {
  constructor(private readonly dataSource: DataSource) {}

  async forUsers(userIds: readonly number[]): Promise<Map<number, NameMarks>> {
    const marks = new Map<number, NameMarks>();
    const ids = [...new Set(userIds)].filter((id) => id > 0);
    if (ids.length === 0) return marks;
    const rows: { userId: number; badge: string; awards: number }[] = await this.dataSource.query(
      `SELECT user_id AS "userId", badge, count(*)::int AS awards FROM badge_awards
       WHERE user_id = ANY($1::int[]) AND revoked_at IS NULL GROUP BY user_id, badge`,
      [ids],
    );
    for (const row of rows) {
      const badge = badgeBySlug(row.badge);
      if (!badge) continue;
      const mark = marks.get(row.userId) ?? { ...NO_MARKS };
      mark[badge.tier] += row.awards;
      mark.total += row.awards;
      if (badge.slug === SUPER_USER_BADGE) mark.superUser = true;
      marks.set(row.userId, mark);
    }
    return marks;
  }

  /** The marks of one view-model author (`{ id, … }`), added as `marks`. */
  static decorate<T extends { id: number }>(author: T, marks: Map<number, NameMarks>): T & { marks: NameMarks } {
    return { ...author, marks: marks.get(author.id) ?? NO_MARKS };
  }
}
