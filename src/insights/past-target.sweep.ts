import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { InsightsEvents, type QuestionPastTarget } from './insights.events.js';
import { TARGET_OF, WAITING } from './unanswered-queue.service.js';

export const PAST_TARGET_SWEEP = 'insights.past-target-sweep';
const SWEEP_MS = 5 * 60_000;
/** A question is announced while it is this fresh past its target; later sweeps repeat it, and receivers dedupe by event id. */
const LOOKBACK_HOURS = 24;
const MAX_PER_SWEEP = 500;

/**
 * Tells the rest of the site (webhooks) when a question passes its response target unanswered.
 * Every few minutes, in the processes that run workers, a job looks for questions in the agents'
 * queue whose target passed within the last day and publishes one event each. Repeats are harmless:
 * a webhook delivery is keyed by its event and question, so each endpoint hears of it once.
 */
@Injectable()
export class PastTargetSweep implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.every(PAST_TARGET_SWEEP, SWEEP_MS, () => this.sweep());
  }

  /** Publishes an event for each question that passed its target within the last day; returns how many. */
  async sweep(): Promise<number> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT f.question_id, f.title, f.slug, f.tags, f.asked_at, tg.hours AS target_hours
       FROM insights_question_facts f ${TARGET_OF('$2')}
       LEFT JOIN insights_queue_claims c ON c.question_id = f.question_id
       WHERE ${WAITING} AND f.visible AND f.asked_at > $1::timestamptz - make_interval(hours => tg.hours + $3)
       ORDER BY f.asked_at LIMIT $4`,
      [this.clock.now(), this.config.insights.responseTargetHours, LOOKBACK_HOURS, MAX_PER_SWEEP],
    );
    if (rows.length === 0) return 0;
    const events = rows.map((r) => ({
      name: InsightsEvents.questionPastTarget,
      data: {
        questionId: r.question_id as number,
        title: r.title as string,
        slug: r.slug as string,
        tags: r.tags as string[],
        askedAt: (r.asked_at as Date).toISOString(),
        targetHours: r.target_hours as number,
      } satisfies QuestionPastTarget,
    }));
    await this.transactions.inTransaction((tx) => this.jobs.publishAll(tx, events));
    return events.length;
  }
}
