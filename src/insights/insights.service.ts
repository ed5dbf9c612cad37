import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Actor } from '../users/actor.js';
import { InsightsPolicy } from './insights.policy.js';
import { TARGET_OF, UnansweredQueueService } from './unanswered-queue.service.js';

export const WINDOWS = [7, 30, 90] as const;
export type WindowDays = (typeof WINDOWS)[number];
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** A suggestion click counts as a deflection when the member asks nothing within this long after it. */
export const DEFLECTION_MINUTES = 60;

export interface InsightsReport {
  window: WindowDays;
  tag: string | null;
  since: Date;
  until: Date;
  questions: {
    asked: number;
    answered: number;
    medianHoursToFirstAnswer: number | null;
    p90HoursToFirstAnswer: number | null;
    answeredWithinTarget: number;
    solved: number;
    solvedByCommunity: number;
    solvedByStaff: number;
    unansweredPastTargetNow: number;
  };
  search: { searches: number; suggestionClicks: number; abandonedAfterClick: number };
  participation: { askersOnly: number; answerers: number; superUsers: number };
  topContributors: { username: string; answers: number; accepted: number }[];
  searchGaps: { text: string; searches: number; noResult: number; noClick: number }[];
  trend: { start: Date; asked: number; answeredWithinTarget: number; solved: number }[];
}

/**
 * Community-health metrics over a window ending now, optionally for one tag. Reporting reads
 * other modules' tables with read-only SQL; the heavy lifting is on the facts tables it keeps.
 */
@Injectable()
export class InsightsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly policy: InsightsPolicy,
    private readonly queue: UnansweredQueueService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, window: WindowDays, tag?: string): Promise<InsightsReport> {
    this.policy.assertCanReadInsights(actor);
    const until = this.clock.now();
    const since = new Date(until.getTime() - window * DAY_MS);
    const range = [since, until, tag ?? null];
    const [questions, search, participation, topContributors, searchGaps, trend, waiting] = await Promise.all([
      this.questionMetrics(range),
      this.searchMetrics(since, until),
      this.participation(range),
      this.topContributors(range),
      this.searchGaps(since, until),
      this.trend(since, until, window, tag ?? null),
      this.queue.waitingCount(tag),
    ]);
    return { window, tag: tag ?? null, since, until, questions: { ...questions, unansweredPastTargetNow: waiting }, search, participation, topContributors, searchGaps, trend };
  }

  /** Tags to filter by: the most used ones. */
  async tagNames(): Promise<string[]> {
    const rows: { tag: string }[] = await this.dataSource.query(
      `SELECT t.tag FROM insights_question_facts f, unnest(f.tags) AS t(tag) WHERE f.visible AND f.asked_at >= now() - interval '90 days' GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT 50`,
    );
    return rows.map((r) => r.tag).sort();
  }

  private async questionMetrics(range: unknown[]) {
    const [row]: Record<string, string | number | null>[] = await this.dataSource.query(
      `WITH q AS (
         SELECT f.*, EXTRACT(EPOCH FROM (f.first_answer_at - f.asked_at)) / 3600.0 AS hours_to_first, tg.hours AS target
         FROM insights_question_facts f ${TARGET_OF('$4')}
         WHERE f.visible AND f.asked_at >= $1 AND f.asked_at < $2 AND ($3::text IS NULL OR $3 = ANY(f.tags)))
       SELECT count(*)::int AS asked,
              count(hours_to_first)::int AS answered,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY hours_to_first) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY hours_to_first) AS p90,
              count(*) FILTER (WHERE hours_to_first <= target)::int AS within,
              count(solved_at)::int AS solved,
              count(*) FILTER (WHERE solved_at IS NOT NULL AND NOT solved_by_staff)::int AS community,
              count(*) FILTER (WHERE solved_at IS NOT NULL AND solved_by_staff)::int AS staff
       FROM q`,
      [...range, this.config.insights.responseTargetHours],
    );
    const hours = (value: unknown) => (value === null ? null : Math.round(Number(value) * 100) / 100);
    return {
      asked: row!.asked as number,
      answered: row!.answered as number,
      medianHoursToFirstAnswer: hours(row!.median),
      p90HoursToFirstAnswer: hours(row!.p90),
      answeredWithinTarget: row!.within as number,
      solved: row!.solved as number,
      solvedByCommunity: row!.community as number,
      solvedByStaff: row!.staff as number,
    };
  }

  private async searchMetrics(since: Date, until: Date) {
    const [row]: Record<string, number>[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM search_queries WHERE source = 'search' AND created_at >= $1 AND created_at < $2) AS searches,
              (SELECT count(*)::int FROM search_clicks WHERE source = 'ask' AND created_at >= $1 AND created_at < $2) AS clicks,
              (SELECT count(*)::int FROM search_clicks c
                WHERE c.source = 'ask' AND c.created_at >= $1 AND c.created_at < $2 AND c.user_id IS NOT NULL
                  AND c.created_at <= $2::timestamptz - make_interval(mins => $3)
                  AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = c.user_id AND p.type = 'question'
                                   AND p.created_at >= c.created_at AND p.created_at < c.created_at + make_interval(mins => $3))) AS abandoned`,
      [since, until, DEFLECTION_MINUTES],
    );
    return { searches: row!.searches!, suggestionClicks: row!.clicks!, abandonedAfterClick: row!.abandoned! };
  }

  private async participation(range: unknown[]) {
    const [row]: Record<string, number>[] = await this.dataSource.query(
      `WITH active AS (
         SELECT author_id, bool_or(kind = 'q') AS asked, bool_or(kind = 'a') AS answered FROM (
           SELECT author_id, 'q' AS kind FROM insights_question_facts
            WHERE visible AND asked_at >= $1 AND asked_at < $2 AND ($3::text IS NULL OR $3 = ANY(tags))
           UNION ALL
           SELECT author_id, 'a' FROM insights_answer_facts
            WHERE answered_at >= $1 AND answered_at < $2 AND ($3::text IS NULL OR $3 = ANY(tags))) x
         GROUP BY author_id)
       SELECT count(*) FILTER (WHERE asked AND NOT answered)::int AS askers_only,
              count(*) FILTER (WHERE answered)::int AS answerers,
              count(s.user_id)::int AS super_users
       FROM active LEFT JOIN insights_super_users s ON s.user_id = active.author_id`,
      range,
    );
    return { askersOnly: row!.askers_only!, answerers: row!.answerers!, superUsers: row!.super_users! };
  }

  private topContributors(range: unknown[]): Promise<InsightsReport['topContributors']> {
    return this.dataSource.query(
      `SELECT u.username, count(*)::int AS answers, count(*) FILTER (WHERE a.accepted)::int AS accepted
       FROM insights_answer_facts a JOIN users u ON u.id = a.author_id
       WHERE a.answered_at >= $1 AND a.answered_at < $2 AND ($3::text IS NULL OR $3 = ANY(a.tags))
       GROUP BY u.username ORDER BY accepted DESC, answers DESC, u.username LIMIT 10`,
      range,
    );
  }

  /** The most frequent searches that found nothing or that nobody followed. */
  private searchGaps(since: Date, until: Date): Promise<InsightsReport['searchGaps']> {
    return this.dataSource.query(
      `WITH s AS (
         SELECT lower(btrim(q.text)) AS text, q.result_count = 0 AS no_result,
                NOT EXISTS (SELECT 1 FROM search_clicks c WHERE c.query_id = q.id) AS no_click
         FROM search_queries q WHERE q.source = 'search' AND q.created_at >= $1 AND q.created_at < $2)
       SELECT text, count(*)::int AS searches, count(*) FILTER (WHERE no_result)::int AS "noResult",
              count(*) FILTER (WHERE no_click)::int AS "noClick"
       FROM s WHERE text <> '' GROUP BY text
       HAVING count(*) FILTER (WHERE no_result OR no_click) > 0
       ORDER BY count(*) FILTER (WHERE no_result OR no_click) DESC, count(*) DESC, text LIMIT 20`,
      [since, until],
    );
  }

  /** Days for 7 and 30 days, weeks for 90. */
  private async trend(since: Date, until: Date, window: WindowDays, tag: string | null): Promise<InsightsReport['trend']> {
    const stepDays = window === 90 ? 7 : 1;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH buckets AS (
         SELECT b AS start, LEAST(b + make_interval(days => $3), $2::timestamptz) AS stop
         FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 second', make_interval(days => $3)) b)
       SELECT b.start,
              count(f.question_id)::int AS asked,
              count(*) FILTER (WHERE f.first_answer_at - f.asked_at <= make_interval(hours => tg.hours))::int AS within,
              count(f.solved_at)::int AS solved
       FROM buckets b
       LEFT JOIN insights_question_facts f ON f.visible AND f.asked_at >= b.start AND f.asked_at < b.stop AND ($4::text IS NULL OR $4 = ANY(f.tags))
       LEFT JOIN LATERAL (SELECT COALESCE(min(t.hours), $5::int) AS hours FROM insights_response_targets t WHERE t.tag = ANY(f.tags)) tg ON true
       GROUP BY b.start ORDER BY b.start`,
      [since, until, stepDays, tag, this.config.insights.responseTargetHours],
    );
    return rows.map((r) => ({ start: r.start as Date, asked: r.asked as number, answeredWithinTarget: r.within as number, solved: r.solved as number }));
  }
}
