import { Injectable, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import { NO_MARKS, type NameMarks, type NameMarksReader } from '../users/name-marks.port.js';
import { badgeBySlug, SUPER_USER_BADGE } from './badges.catalogue.js';

/** Beyond this many members a change is announced as "anyone's marks may differ" (a NOTIFY carries under 8 kB). */
const MAX_NAMED_MEMBERS = 500;

/**
 * Members whose marks each instance keeps, and for how long at most: a change announced on commit
 * drops them at once; the time-to-live, as the page cache's, covers writes that announce nothing
 * (an import, a seed).
 */
const KEPT = { members: 50_000, ttlMs: 60_000 };

export type BadgeMarksChanged = { userIds: number[] } | { all: true };

/** The marks beside names (author cards, question rows, profiles, the leaderboard), kept in memory. */
@Injectable()
export class BadgeMarksService implements NameMarksReader, OnModuleInit {
  /** Every member read lately, `NO_MARKS` for those without any. */
  private readonly kept = new LRUCache<number, NameMarks>({ max: KEPT.members, ttl: KEPT.ttlMs });
  /** Changes heard so far: marks read while one arrives are not kept (they may predate it). */
  private changes = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cluster: ClusterEvents,
  ) {}

  onModuleInit(): void {
    this.cluster.subscribe('badge-marks.changed', (payload) => this.forget(payload as BadgeMarksChanged));
    // Messages sent while this instance could not listen are lost: forget every kept mark.
    this.cluster.onResync(() => this.forget({ all: true }));
  }

  private forget(change: BadgeMarksChanged): void {
    this.changes += 1;
    if ('all' in change) this.kept.clear();
    else for (const id of change.userIds) this.kept.delete(id);
  }

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
    const unknown: number[] = [];
    for (const id of new Set(userIds)) {
      if (id <= 0) continue;
      const kept = this.kept.get(id);
      if (kept === undefined) unknown.push(id);
      else if (kept !== NO_MARKS) marks.set(id, kept);
    }
    if (unknown.length === 0) return marks;
    const changes = this.changes;
    const read = await this.read(unknown);
    for (const id of unknown) {
      const mark = read.get(id);
      if (mark) marks.set(id, mark);
      if (this.changes === changes) this.kept.set(id, mark ?? NO_MARKS);
    }
    return marks;
  }

  private async read(userIds: number[]): Promise<Map<number, NameMarks>> {
    const marks = new Map<number, NameMarks>();
    const rows: { userId: number; badge: string; awards: number }[] = await this.dataSource.query(
      `SELECT user_id AS "userId", badge, count(*)::int AS awards FROM badge_awards
       WHERE user_id = ANY($1::int[]) AND revoked_at IS NULL GROUP BY user_id, badge`,
      [userIds],
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
