import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ValidationFailedError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Actor } from '../users/actor.js';
import { InsightsPolicy } from './insights.policy.js';
import { QuestionMetricsReader, type QuestionMetrics } from './question-metrics.js';
import { UnansweredQueueService } from './unanswered-queue.service.js';

export const WINDOWS = [7, 30, 90] as const;
export type WindowDays = (typeof WINDOWS)[number];
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** A suggestion click counts as a deflection when the member asks nothing within this long after it. */
export const DEFLECTION_MINUTES = 60;

/** A rolling window ending now, or a period of calendar days (inclusive) in the insights time zone. */
export type Period = { window: WindowDays } | { from: string; to: string };
export type TrendUnit = 'day' | 'week' | 'month';
/** The longest period a report covers (its trend is monthly past two years). */
export const MAX_PERIOD_DAYS = 366 * 30;

export interface InsightsReport {
  /** Null for a period of calendar days. */
  window: WindowDays | null;
  /** The calendar days the trend covers (YYYY-MM-DD, inclusive), its bucket size, and the time zone of those days. */
  period: { from: string; to: string; unit: TrendUnit; timeZone: string };
  tag: string | null;
  since: Date;
  until: Date;
  questions: QuestionMetrics & { unansweredPastTargetNow: number };
  search: { searches: number; suggestionClicks: number; abandonedAfterClick: number };
  participation: { askersOnly: number; answerers: number; superUsers: number };
  topContributors: { username: string; answers: number; accepted: number }[];
  searchGaps: { text: string; searches: number; noResult: number; noClick: number }[];
  /** One bucket per calendar day, week or month, labelled by its first day (`day`). */
  trend: { day: string; start: Date; asked: number; answeredWithinTarget: number; solved: number }[];
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
    private readonly metrics: QuestionMetricsReader,
  ) {}

  async report(actor: Actor, period: Period, tag?: string): Promise<InsightsReport> {
    this.policy.assertCanReadInsights(actor);
    const { since, until, from, to, window } = await this.resolve(period);
    const spanDays = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
    const unit: TrendUnit = spanDays <= 62 ? 'day' : spanDays <= 732 ? 'week' : 'month';
    const range = [since, until, tag ?? null];
    const [questions, search, participation, topContributors, searchGaps, trend, waiting] = await Promise.all([
      this.metrics.between(since, until, tag ?? null),
      this.searchMetrics(since, until),
      this.participation(range),
      this.topContributors(range),
      this.searchGaps(since, until),
      this.trend(from, to, unit, tag ?? null),
      this.queue.waitingCount(tag),
    ]);
    return { window, period: { from, to, unit, timeZone: this.config.insights.timeZone }, tag: tag ?? null, since, until, questions: { ...questions, unansweredPastTargetNow: waiting }, search, participation, topContributors, searchGaps, trend };
  }

  /**
   * The instants a period covers. A window: the last N×24 hours, its trend the N calendar days
   * ending today. A period: from the start of its first day to the end of its last, in the time zone.
   */
  private async resolve(period: Period): Promise<{ since: Date; until: Date; from: string; to: string; window: WindowDays | null }> {
    const zone = this.config.insights.timeZone;
    if ('window' in period) {
      const until = this.clock.now();
      const [row]: { from: string; to: string }[] = await this.dataSource.query(
        `SELECT to_char(d - ($3::int - 1), 'YYYY-MM-DD') AS "from", to_char(d, 'YYYY-MM-DD') AS "to" FROM (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS d) x`,
        [until, zone, period.window],
      );
      return { since: new Date(until.getTime() - period.window * DAY_MS), until, from: row!.from, to: row!.to, window: period.window };
    }
    const realDay = (day: string) => new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
    const problems: Record<string, string[]> = {};
    if (!realDay(period.from)) problems.from = ['from is not a day of the calendar.'];
    if (!realDay(period.to)) problems.to = ['to is not a day of the calendar.'];
    if (!problems.from && !problems.to) {
      const days = (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS + 1;
      if (days < 1) problems.to = ['to must be the same day as from or later.'];
      else if (days > MAX_PERIOD_DAYS) problems.to = [`A period covers at most ${MAX_PERIOD_DAYS} days.`];
    }
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    const [row]: { since: Date; until: Date }[] = await this.dataSource.query(
      `SELECT ($1::date)::timestamp AT TIME ZONE $3 AS since, ($2::date + 1)::timestamp AT TIME ZONE $3 AS until`,
      [period.from, period.to, zone],
    );
    return { since: row!.since, until: row!.until, from: period.from, to: period.to, window: null };
  }

  /** Tags to filter by: the most used ones. */
  async tagNames(): Promise<string[]> {
    const rows: { tag: string }[] = await this.dataSource.query(
      `SELECT t.tag FROM insights_question_facts f, unnest(f.tags) AS t(tag) WHERE f.visible AND f.asked_at >= now() - interval '90 days' GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT 50`,
    );
    return rows.map((r) => r.tag).sort();
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

  /**
   * Buckets of calendar days in the insights time zone, from the first day to the last: days, weeks
   * (of seven days from the first) or calendar months (the first one starting on the first day).
   * Each is labelled by the first day it covers.
   */
  private async trend(from: string, to: string, unit: TrendUnit, tag: string | null): Promise<InsightsReport['trend']> {
    const starts = {
      day: `SELECT d::date AS day, d::date + 1 AS next FROM generate_series($1::date, $2::date, interval '1 day') d`,
      week: `SELECT d::date AS day, LEAST(d::date + 7, $2::date + 1) AS next FROM generate_series($1::date, $2::date, interval '7 days') d`,
      month: `SELECT GREATEST($1::date, date_trunc('month', d)::date) AS day, LEAST((date_trunc('month', d) + interval '1 month')::date, $2::date + 1) AS next
              FROM generate_series(date_trunc('month', $1::date), $2::date, interval '1 month') d`,
    }[unit];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH days AS (${starts}),
       buckets AS (SELECT to_char(day, 'YYYY-MM-DD') AS day, day::timestamp AT TIME ZONE $3 AS start, next::timestamp AT TIME ZONE $3 AS stop FROM days)
       SELECT b.day, b.start,
              count(f.question_id)::int AS asked,
              count(*) FILTER (WHERE f.first_answer_at - f.asked_at <= make_interval(hours => tg.hours))::int AS within,
              count(f.solved_at)::int AS solved
       FROM buckets b
       LEFT JOIN insights_question_facts f ON f.visible AND f.asked_at >= b.start AND f.asked_at < b.stop AND ($4::text IS NULL OR $4 = ANY(f.tags))
       LEFT JOIN LATERAL (SELECT COALESCE(min(t.hours), $5::int) AS hours FROM insights_response_targets t WHERE t.tag = ANY(f.tags)) tg ON true
       GROUP BY b.day, b.start ORDER BY b.start`,
      [from, to, this.config.insights.timeZone, tag, this.config.insights.responseTargetHours],
    );
    return rows.map((r) => ({ day: r.day as string, start: r.start as Date, asked: r.asked as number, answeredWithinTarget: r.within as number, solved: r.solved as number }));
  }
}
