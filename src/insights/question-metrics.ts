import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TARGET_OF } from './unanswered-queue.service.js';

export interface QuestionMetrics {
  asked: number;
  answered: number;
  medianHoursToFirstAnswer: number | null;
  p90HoursToFirstAnswer: number | null;
  answeredWithinTarget: number;
  solved: number;
  solvedByCommunity: number;
  solvedByStaff: number;
}

/** Visible questions asked in [$1, $2), of tag $3 when given, with hours to their first answer and their target ($4: the default). */
const QUESTIONS = `
  SELECT f.asked_at, f.solved_at, f.solved_by_staff, tg.hours AS target,
         EXTRACT(EPOCH FROM (f.first_answer_at - f.asked_at)) / 3600.0 AS hours_to_first
  FROM insights_question_facts f ${TARGET_OF('$4')}
  WHERE f.visible AND f.asked_at >= $1 AND f.asked_at < $2 AND ($3::text IS NULL OR $3 = ANY(f.tags))`;

const FIGURES = `
  count(q.asked_at)::int AS asked,
  count(q.hours_to_first)::int AS answered,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY q.hours_to_first) AS median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY q.hours_to_first) AS p90,
  count(*) FILTER (WHERE q.hours_to_first <= q.target)::int AS within,
  count(q.solved_at)::int AS solved,
  count(*) FILTER (WHERE q.solved_at IS NOT NULL AND NOT q.solved_by_staff)::int AS community,
  count(*) FILTER (WHERE q.solved_at IS NOT NULL AND q.solved_by_staff)::int AS staff`;

const hours = (value: unknown) => (value === null ? null : Math.round(Number(value) * 100) / 100);

function toMetrics(row: Record<string, unknown>): QuestionMetrics {
  return {
    asked: row.asked as number,
    answered: row.answered as number,
    medianHoursToFirstAnswer: hours(row.median),
    p90HoursToFirstAnswer: hours(row.p90),
    answeredWithinTarget: row.within as number,
    solved: row.solved as number,
    solvedByCommunity: row.community as number,
    solvedByStaff: row.staff as number,
  };
}

/**
 * The one computation of how the questions asked in a period fared. The insights dashboard, the
 * public service levels and the ask page's expectations all read it, so they never disagree.
 */
@Injectable()
export class QuestionMetricsReader {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async between(since: Date, until: Date, tag: string | null): Promise<QuestionMetrics> {
    const [row] = await this.dataSource.query(`WITH q AS (${QUESTIONS}) SELECT ${FIGURES} FROM q`, [since, until, tag, this.config.insights.responseTargetHours]);
    return toMetrics(row);
  }

  /** The same figures per calendar month (UTC), oldest first, for every month that [since, until) touches. */
  async byMonth(since: Date, until: Date, tag: string | null): Promise<(QuestionMetrics & { month: string })[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH q AS (${QUESTIONS}),
       months AS (SELECT generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC'), $2::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond', interval '1 month') AS month)
       SELECT to_char(m.month, 'YYYY-MM') AS month, ${FIGURES}
       FROM months m LEFT JOIN q ON date_trunc('month', q.asked_at AT TIME ZONE 'UTC') = m.month
       GROUP BY m.month ORDER BY m.month`,
      [since, until, tag, this.config.insights.responseTargetHours],
    );
    return rows.map((row) => ({ month: row.month as string, ...toMetrics(row) }));
  }
}
