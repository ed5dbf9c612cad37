import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue, type SweepBacklog } from '../jobs/job-queue.js';
import { VoteChange } from './entities/vote-change.entity.js';
import { VoteEvents, type VotesChanged } from './votes.events.js';

export interface VoteChangeRecord {
  postId: number;
  postType: 'question' | 'answer';
  questionId: number;
  authorId: number;
  voterId: number;
  value: -1 | 0 | 1;
  previous: -1 | 0 | 1;
}

const SWEEP = 'votes.sweep-changes';
const SWEEP_MS = 1_000;
const BATCH = 2_000;

/**
 * The follow-up of votes, coalesced: each vote records its change in its own transaction (one
 * insert, no key to wait on), and a sweep every second turns whatever was recorded into one
 * `votes.changed` job per subscriber. The rows are deleted in the transaction that publishes
 * that job, so a sweep that dies leaves them for the next one and no change is lost or doubled.
 */
@Injectable()
export class VoteChanges implements OnModuleInit {
  constructor(
    @InjectRepository(VoteChange) private readonly recorded: Repository<VoteChange>,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.sweep(SWEEP, SWEEP_MS, () => this.sweep(), () => this.pending());
  }

  async record(tx: EntityManager, change: VoteChangeRecord): Promise<void> {
    await tx.query(
      'INSERT INTO vote_changes (post_id, post_type, question_id, author_id, voter_id, value, previous) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [change.postId, change.postType, change.questionId, change.authorId, change.voterId, change.value, change.previous],
    );
  }

  /** Changes waiting for a sweep, and how long the oldest has waited (a sweep that never runs shows in /healthz). */
  async pending(): Promise<SweepBacklog> {
    const [row] = await this.recorded.query(
      `SELECT count(*)::int AS waiting, COALESCE(EXTRACT(epoch FROM now() - min(created_at)), 0)::int AS "oldestWaitingSeconds" FROM vote_changes`,
    );
    return row;
  }

  /** Publishes every recorded change, in batches; the number of changes taken. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const taken = await this.transactions.inTransaction(async (tx) => {
        // SKIP LOCKED: sweeps of several instances take disjoint rows instead of waiting for each other.
        const rows: VoteChangeRecord[] = await tx.query(
          `WITH taken AS (
             DELETE FROM vote_changes WHERE id IN (SELECT id FROM vote_changes ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
             RETURNING post_id AS "postId", post_type AS "postType", question_id AS "questionId", author_id AS "authorId", voter_id AS "voterId", value, previous
           ) SELECT * FROM taken`,
          [BATCH],
        );
        if (rows.length) await this.jobs.publish<VotesChanged>(tx, VoteEvents.changed, summarize(rows));
        return rows.length;
      });
      total += taken;
      if (taken < BATCH) return total;
    }
  }
}

function summarize(changes: VoteChangeRecord[]): VotesChanged {
  const distinct = (ids: number[]) => [...new Set(ids)];
  return {
    postIds: distinct(changes.map((c) => c.postId)),
    answerQuestionIds: distinct(changes.filter((c) => c.postType === 'answer').map((c) => c.questionId)),
    raisedAuthorIds: distinct(changes.filter((c) => c.value > c.previous).map((c) => c.authorId)),
    voterIds: distinct(changes.filter((c) => c.value !== 0).map((c) => c.voterId)),
  };
}
