import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ConflictError, InvalidStateError, NotFoundError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Actor } from '../users/actor.js';
import { QueueClaim } from './entities/queue-claim.entity.js';
import { QuestionFact } from './entities/question-fact.entity.js';
import { InsightsPolicy } from './insights.policy.js';

export interface QueueItem {
  questionId: number;
  title: string;
  slug: string;
  tags: string[];
  askedAt: Date;
  targetHours: number;
  claimedBy: string | null;
  claimedById: number | null;
  claimedAt: Date | null;
}

/**
 * Waiting: open, no accepted answer, no answer scored above 0, and asked at least its response
 * target ago (the strictest target of its tags, else the default). A claimed question leaves the
 * queue once an answer is posted after the claim.
 */
export const WAITING = `
  f.open AND f.solved_at IS NULL AND (f.best_answer_score IS NULL OR f.best_answer_score <= 0)
  AND f.asked_at <= $1::timestamptz - make_interval(hours => tg.hours)
  AND NOT (c.question_id IS NOT NULL AND f.last_answer_at IS NOT NULL AND f.last_answer_at >= c.claimed_at)`;

export const TARGET_OF = (defaultParam: string) =>
  `CROSS JOIN LATERAL (SELECT COALESCE(min(t.hours), ${defaultParam}::int) AS hours FROM insights_response_targets t WHERE t.tag = ANY(f.tags)) tg`;

const QUEUE_LIMIT = 200;

/** The agents' queue of questions nobody answered in time: list, claim, release. */
@Injectable()
export class UnansweredQueueService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly policy: InsightsPolicy,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, tag?: string): Promise<QueueItem[]> {
    this.policy.assertCanWorkQueue(actor);
    return this.waiting(tag);
  }

  /** Also the dashboard's "unanswered past target now" (its count). */
  async waiting(tag?: string, only?: number, limit = QUEUE_LIMIT): Promise<QueueItem[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT f.question_id, f.title, f.slug, f.tags, f.asked_at, tg.hours AS target_hours,
              c.agent_id, c.claimed_at, u.username AS claimed_by
       FROM insights_question_facts f ${TARGET_OF('$2')}
       LEFT JOIN insights_queue_claims c ON c.question_id = f.question_id
       LEFT JOIN users u ON u.id = c.agent_id
       WHERE ${WAITING} AND ($3::text IS NULL OR $3 = ANY(f.tags)) AND ($4::int IS NULL OR f.question_id = $4)
       ORDER BY f.asked_at, f.question_id LIMIT $5`,
      [this.clock.now(), this.config.insights.responseTargetHours, tag ?? null, only ?? null, limit],
    );
    return rows.map((r) => ({
      questionId: r.question_id as number,
      title: r.title as string,
      slug: r.slug as string,
      tags: r.tags as string[],
      askedAt: r.asked_at as Date,
      targetHours: r.target_hours as number,
      claimedBy: (r.claimed_by as string | null) ?? null,
      claimedById: (r.agent_id as number | null) ?? null,
      claimedAt: (r.claimed_at as Date | null) ?? null,
    }));
  }

  async waitingCount(tag?: string): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM insights_question_facts f ${TARGET_OF('$2')}
       LEFT JOIN insights_queue_claims c ON c.question_id = f.question_id
       WHERE ${WAITING} AND ($3::text IS NULL OR $3 = ANY(f.tags))`,
      [this.clock.now(), this.config.insights.responseTargetHours, tag ?? null],
    );
    return row!.count;
  }

  /** Claiming twice is harmless; a question another agent holds is a conflict. */
  async claim(actor: Actor, questionId: number): Promise<QueueItem> {
    this.policy.assertCanWorkQueue(actor);
    await this.transactions.inTransaction(async (tx) => {
      const fact = await tx.getRepository(QuestionFact).findOne({ where: { questionId }, lock: { mode: 'pessimistic_write' } });
      if (!fact || !fact.visible) throw new NotFoundError('No such question.');
      const existing = await tx.getRepository(QueueClaim).findOne({ where: { questionId }, relations: { agent: true } });
      if (existing && existing.agentId !== actor.id) throw new ConflictError(`${existing.agent?.username ?? 'Another agent'} already has this question.`);
      if (existing) return;
      if ((await this.waiting(undefined, questionId, 1)).length === 0) throw new InvalidStateError('This question is not waiting in the queue.');
      await tx.getRepository(QueueClaim).insert({ questionId, agentId: actor.id, claimedAt: this.clock.now() });
    });
    return (await this.waiting(undefined, questionId, 1))[0] ?? this.unlisted(questionId);
  }

  /** Releasing a question nobody holds changes nothing. */
  async release(actor: Actor, questionId: number): Promise<{ questionId: number; claimedBy: null }> {
    this.policy.assertCanWorkQueue(actor);
    await this.transactions.inTransaction(async (tx) => {
      const claim = await tx.getRepository(QueueClaim).findOne({ where: { questionId }, lock: { mode: 'pessimistic_write' } });
      if (!claim) {
        if (!(await tx.getRepository(QuestionFact).existsBy({ questionId }))) throw new NotFoundError('No such question.');
        return;
      }
      this.policy.assertCanRelease(actor, claim);
      await tx.getRepository(QueueClaim).delete({ questionId });
    });
    return { questionId, claimedBy: null };
  }

  private async unlisted(questionId: number): Promise<QueueItem> {
    throw new InvalidStateError(`Question ${questionId} is no longer waiting in the queue.`);
  }
}
