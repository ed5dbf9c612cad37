import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ResponseExpectation, ResponseExpectationsReader } from '../threads/response-expectations.port.js';
import type { ServiceLevelFigure } from './entities/service-level-settings.entity.js';
import { QuestionMetricsReader, type QuestionMetrics } from './question-metrics.js';
import { ServiceLevelSettingsService } from './service-level-settings.service.js';
import { TimeZones } from './time-zones.js';

/** A figure computed from fewer questions (or ratings) than this is not published. */
export const MIN_SAMPLE = 10;
export const SERVICE_LEVEL_DAYS = 30;
const HISTORY_MONTHS = 12;
const DAY_MS = 24 * 3600_000;

export interface ServiceLevels {
  tag: string | null;
  timeZone: string;
  since: Date;
  until: Date;
  targetHours: number;
  figures: ServiceLevelFigure[];
  /** Null when fewer than MIN_SAMPLE questions were asked: nothing about them is published. */
  questions: QuestionMetrics | null;
  /** Ratings of knowledge-base articles given in the window; null below MIN_SAMPLE. */
  knowledge: { ratings: number; helpful: number } | null;
  /** Questions asked and answers posted per ISO weekday (1 = Monday) and hour, in `timeZone`. */
  busyHours: number[][] | null;
  /** Month by month (UTC) over the last year; a month below MIN_SAMPLE has `metrics` null. */
  history: { month: string; metrics: QuestionMetrics | null }[] | null;
}

/**
 * What the community publishes about how well it keeps its word: aggregates only, from the
 * insights summary tables, through the same computation as the staff dashboard.
 */
@Injectable()
export class ServiceLevelsService implements ResponseExpectationsReader {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly settings: ServiceLevelSettingsService,
    private readonly metrics: QuestionMetricsReader,
    private readonly timeZones: TimeZones,
    private readonly clock: Clock,
  ) {}

  async report(tag: string | null, timeZone = 'UTC'): Promise<ServiceLevels> {
    const { published, figures } = this.settings.current();
    if (!published) throw new NotFoundError('This community does not publish its service levels.');
    if (!(await this.timeZones.isKnown(timeZone))) throw new ValidationFailedError({ tz: ['tz must be a time zone we know, such as Europe/Paris.'] });
    const until = this.clock.now();
    const since = new Date(until.getTime() - SERVICE_LEVEL_DAYS * DAY_MS);
    const shows = (figure: ServiceLevelFigure) => figures.includes(figure);
    const [questions, targetHours, knowledge, busyHours, history] = await Promise.all([
      this.metrics.between(since, until, tag),
      this.targetHours(tag),
      shows('kb-helpfulness') ? this.knowledge(since, until, tag) : null,
      shows('busy-hours') ? this.busyHours(since, until, tag, timeZone) : null,
      shows('history') ? this.history(until, tag) : null,
    ]);
    const enough = questions.asked >= MIN_SAMPLE;
    return { tag, timeZone, since, until, targetHours, figures, questions: enough ? questions : null, knowledge, busyHours: enough ? busyHours : null, history };
  }

  /** For the ask page: how questions with each of these tags fared, where that is published and known. */
  async forTags(tags: readonly string[]): Promise<ResponseExpectation[]> {
    if (!this.available()) return [];
    const { figures } = this.settings.current();
    const median = figures.includes('time-to-first-answer');
    const withinTarget = figures.includes('answered-within-target');
    const until = this.clock.now();
    const since = new Date(until.getTime() - SERVICE_LEVEL_DAYS * DAY_MS);
    const unique = [...new Set(tags)].slice(0, 5);
    const results = await Promise.all(
      unique.map(async (tag): Promise<ResponseExpectation | null> => {
        const [metrics, targetHours] = await Promise.all([this.metrics.between(since, until, tag), this.targetHours(tag)]);
        if (metrics.asked < MIN_SAMPLE) return null;
        const expectation = {
          tag,
          days: SERVICE_LEVEL_DAYS,
          targetHours,
          medianHoursToFirstAnswer: median ? metrics.medianHoursToFirstAnswer : null,
          answeredWithinTargetShare: withinTarget ? metrics.answeredWithinTarget / metrics.asked : null,
        };
        return expectation.medianHoursToFirstAnswer === null && expectation.answeredWithinTargetShare === null ? null : expectation;
      }),
    );
    return results.filter((result): result is ResponseExpectation => result !== null);
  }

  /** Whether the ask page should offer expectations at all (read from memory). */
  available(): boolean {
    const { published, figures } = this.settings.current();
    return published && (figures.includes('time-to-first-answer') || figures.includes('answered-within-target'));
  }

  timeZoneNames(): Promise<string[]> {
    return this.timeZones.all();
  }

  /** The tag's own response target, else the default. */
  private async targetHours(tag: string | null): Promise<number> {
    if (tag === null) return this.config.insights.responseTargetHours;
    const [row]: { hours: number }[] = await this.dataSource.query('SELECT hours FROM insights_response_targets WHERE tag = $1', [tag]);
    return row?.hours ?? this.config.insights.responseTargetHours;
  }

  private async knowledge(since: Date, until: Date, tag: string | null): Promise<ServiceLevels['knowledge']> {
    const [row]: { ratings: number; helpful: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS ratings, count(*) FILTER (WHERE f.helpful)::int AS helpful
       FROM kb_article_feedback f JOIN kb_articles a ON a.id = f.article_id
       WHERE f.updated_at >= $1 AND f.updated_at < $2 AND ($3::text IS NULL OR $3 = ANY(a.tags))`,
      [since, until, tag],
    );
    return row!.ratings >= MIN_SAMPLE ? row! : null;
  }

  private async busyHours(since: Date, until: Date, tag: string | null, timeZone: string): Promise<number[][]> {
    const rows: { day: number; hour: number; count: number }[] = await this.dataSource.query(
      `SELECT EXTRACT(ISODOW FROM at AT TIME ZONE $4)::int AS day, EXTRACT(HOUR FROM at AT TIME ZONE $4)::int AS hour, count(*)::int AS count
       FROM (SELECT asked_at AS at FROM insights_question_facts
              WHERE visible AND asked_at >= $1 AND asked_at < $2 AND ($3::text IS NULL OR $3 = ANY(tags))
             UNION ALL
             SELECT answered_at FROM insights_answer_facts
              WHERE answered_at >= $1 AND answered_at < $2 AND ($3::text IS NULL OR $3 = ANY(tags))) activity
       GROUP BY 1, 2`,
      [since, until, tag, timeZone],
    );
    const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    for (const { day, hour, count } of rows) grid[day - 1]![hour] = count;
    return grid;
  }

  private async history(until: Date, tag: string | null): Promise<ServiceLevels['history']> {
    const start = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() - (HISTORY_MONTHS - 1), 1));
    const months = await this.metrics.byMonth(start, until, tag);
    return months.map(({ month, ...metrics }) => ({ month, metrics: metrics.asked >= MIN_SAMPLE ? metrics : null }));
  }
}
