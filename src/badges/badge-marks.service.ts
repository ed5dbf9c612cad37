import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import { NO_MARKS, type NameMarks, type NameMarksReader } from '../users/name-marks.port.js';
import { badgeBySlug, SUPER_USER_BADGE } from './badges.catalogue.js';

/** Beyond this many members a change is announced as "anyone's marks may differ" (a NOTIFY carries under 8 kB). */
const MAX_NAMED_MEMBERS = 500;

export type BadgeMarksChanged = { userIds: number[] } | { all: true };

/** The small read behind the marks beside names (author cards, question rows, profiles, the leaderboard). */
@Injectable()
export class BadgeMarksService implements NameMarksReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cluster: ClusterEvents,
  ) {}

  /**
   * Tells every instance, when `tx` commits, that these members' marks changed: whatever keeps
   * marks or pages showing them in memory drops them ('badge-marks.changed').
   */
  async announceChanged(tx: EntityManager, userIds: readonly number[]): Promise<void> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return;
    const payload: BadgeMarksChanged = ids.length > MAX_NAMED_MEMBERS ? { all: true } : { userIds: ids };
    await this.cluster.publish('badge-marks.changed', payload, tx);
  }

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
}
