import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { ThreadEvents, type ThreadChanged } from '../threads/threads.events.js';
import { VoteEvents, type VotesChanged } from '../votes/votes.events.js';
import { AnswerFact } from './entities/answer-fact.entity.js';
import { QuestionFact } from './entities/question-fact.entity.js';
import { InsightsSuperUser } from './entities/super-user.entity.js';

const SUBSCRIBER = 'insights';

/**
 * The badges module's super-user decision, by the name and payload notifications also expects
 * (see notifications.events.ts; neither top module imports the other). Until badges publishes
 * it, the super-user share of the participation split stays 0.
 */
const SUPER_USER_DECIDED = 'badges.super-user-decided';
interface SuperUserDecided { userId: number; decision: 'approved' | 'declined' | 'revoked' }

interface QuestionRow { id: number; author_id: number; title: string; slug: string; tags: string[] | null; created_at: Date; visible: boolean; closed: boolean; accepted_answer_id: number | null; accepted_at: Date | null }
interface AnswerRow { id: number; author_id: number; created_at: Date; score: number; visible: boolean; staff: boolean }

/**
 * Keeps the reporting facts in step with threads: each `thread.changed` job re-reads the thread
 * (read-only SQL over posts and users) and rewrites its facts, so jobs are idempotent and order-free.
 */
@Injectable()
export class QuestionFactsSubscriber implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly transactions: TransactionRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<ThreadChanged>(ThreadEvents.changed, ({ questionId }) => this.refresh(questionId), SUBSCRIBER, {
      coalesceBy: ({ questionId }) => String(questionId),
    });
    // A vote changes one fact at most, the best answer score, and only when it is on an answer.
    await this.jobs.subscribeBatch<VotesChanged>(VoteEvents.changed, (batches) => this.bestAnswerScores(batches.flatMap((batch) => batch.answerQuestionIds)), SUBSCRIBER);
    await this.jobs.subscribe<SuperUserDecided>(SUPER_USER_DECIDED, (e) => this.superUserDecided(e), SUBSCRIBER);
  }

  refresh(questionId: number): Promise<void> {
    return this.transactions.inTransaction((tx) => this.refreshIn(tx, questionId));
  }

  /** Brings the best answer score of these questions (whose answers were voted on) up to date, writing only the facts it changes. */
  async bestAnswerScores(ids: number[]): Promise<void> {
    const questionIds = [...new Set(ids)];
    if (questionIds.length === 0) return;
    await this.transactions.inTransaction((tx) =>
      tx.query(
        `UPDATE insights_question_facts f SET best_answer_score = b.best
         FROM (SELECT q.id, (SELECT max(a.score) FROM posts a
                             WHERE a.parent_id = q.id AND a.type = 'answer' AND a.deleted_at IS NULL AND a.hidden_at IS NULL) AS best
               FROM unnest($1::int[]) AS q(id)) b
         WHERE f.question_id = b.id AND f.best_answer_score IS DISTINCT FROM b.best`,
        [questionIds],
      ),
    );
  }

  /** Every question again, in batches (after a restore, or to repair). */
  async rebuildAll(): Promise<number> {
    let after = 0;
    let done = 0;
    for (;;) {
      const rows: { id: number }[] = await this.transactions.inTransaction((tx) =>
        tx.query(`SELECT id FROM posts WHERE type = 'question' AND id > $1 ORDER BY id LIMIT 500`, [after]),
      );
      if (rows.length === 0) return done;
      for (const { id } of rows) await this.refresh(id);
      done += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  }

  private async refreshIn(tx: EntityManager, questionId: number): Promise<void> {
    const [question]: QuestionRow[] = await tx.query(
      `SELECT id, author_id, title, slug, tags, created_at, deleted_at IS NULL AND hidden_at IS NULL AS visible,
              closed_at IS NOT NULL AS closed, accepted_answer_id, accepted_at
       FROM posts WHERE id = $1 AND type = 'question'`,
      [questionId],
    );
    await tx.delete(AnswerFact, { questionId });
    if (!question) {
      await tx.delete(QuestionFact, { questionId });
      return;
    }
    const answers: AnswerRow[] = (
      await tx.query(
        `SELECT a.id, a.author_id, a.created_at, a.score, a.deleted_at IS NULL AND a.hidden_at IS NULL AS visible, u.role <> 'member' AS staff
         FROM posts a JOIN users u ON u.id = a.author_id WHERE a.parent_id = $1 AND a.type = 'answer'`,
        [questionId],
      )
    ).filter((a: AnswerRow) => a.visible);
    const times = answers.map((a) => new Date(a.created_at).getTime());
    const accepted = answers.find((a) => a.id === question.accepted_answer_id);
    const tags = question.tags ?? [];
    await tx.upsert(
      QuestionFact,
      {
        questionId,
        authorId: question.author_id,
        title: question.title,
        slug: question.slug,
        tags,
        askedAt: question.created_at,
        visible: question.visible,
        open: question.visible && !question.closed,
        firstAnswerAt: times.length ? new Date(Math.min(...times)) : null,
        lastAnswerAt: times.length ? new Date(Math.max(...times)) : null,
        bestAnswerScore: answers.length ? Math.max(...answers.map((a) => a.score)) : null,
        solvedAt: accepted ? question.accepted_at : null,
        solvedByStaff: accepted ? accepted.staff : null,
      },
      ['questionId'],
    );
    if (question.visible && answers.length) {
      await tx.insert(
        AnswerFact,
        answers.map((a) => ({ answerId: a.id, questionId, authorId: a.author_id, tags, answeredAt: a.created_at, accepted: a.id === question.accepted_answer_id })),
      );
    }
  }

  async superUserDecided(event: SuperUserDecided): Promise<void> {
    await this.transactions.inTransaction(async (tx) => {
      if (event.decision === 'approved') {
        await tx.createQueryBuilder().insert().into(InsightsSuperUser).values({ userId: event.userId, since: () => 'now()' }).orIgnore().execute();
      } else {
        await tx.delete(InsightsSuperUser, { userId: event.userId });
      }
    });
  }
}
