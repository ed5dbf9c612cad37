import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.js';
import { KnowledgeEvents, type AnswerPromoted } from '../knowledge/knowledge.events.js';
import { ModerationEvents, type ModerationActionRecorded } from '../moderation/moderation.events.js';
import { ThreadEvents, type AnswerEdited, type CommentCreated, type PostCreated, type SolutionChanged, type ThreadChanged } from '../threads/threads.events.js';
import { VoteEvents, type VotesChanged } from '../votes/votes.events.js';
import { BadgeAwarder } from './badge-awarder.service.js';
import { badgesTriggeredBy, VOTE_TRIGGERS } from './badges.catalogue.js';
import { SuperUsersService } from './super-users.service.js';

export const BadgesJobs = {
  /** The daily pass: every rule over everyone, then the super-user nominations. */
  dailySweep: 'badges.daily-sweep',
} as const;

/** This module's name as a subscriber: its own queue of each event it handles. */
const SUBSCRIBER = 'badges';
const DAY_MS = 24 * 3600 * 1000;

/**
 * Evaluates the badge rules after the events that can satisfy them, for the members those events
 * concern, and the super-user bar after the events that move it. Every handler is idempotent:
 * awards and nominations are guarded by unique keys, so a retried or repeated job changes nothing.
 */
@Injectable()
export class BadgesJobsSubscriber implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly dataSource: DataSource,
    private readonly awarder: BadgeAwarder,
    private readonly superUsers: SuperUsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Evaluation re-reads current state, so waiting jobs about the same members or thread coalesce.
    const on = <T>(event: string, users: (data: T) => Promise<number[]> | number[], nominate = false, coalesceBy?: (data: T) => string) =>
      this.jobs.subscribe<T>(event, async (data) => {
        const userIds = await users(data);
        await this.awarder.evaluate(badgesTriggeredBy(event), userIds);
        if (nominate) await this.superUsers.nominate(userIds);
      }, SUBSCRIBER, { coalesceBy });

    await on<PostCreated>(ThreadEvents.postCreated, (e) => [e.authorId]);
    await on<CommentCreated>(ThreadEvents.commentCreated, (e) => [e.authorId]);
    await this.jobs.subscribeBatch<VotesChanged>(VoteEvents.changed, (batches) => this.votesChanged(batches), SUBSCRIBER);
    await on<SolutionChanged>(ThreadEvents.solutionChanged, (e) => this.authorsOf([e.acceptedAnswerId, e.previousAnswerId]), true);
    await on<AnswerEdited>(ThreadEvents.answerEdited, (e) => [e.editorId]);
    await on<ThreadChanged>(ThreadEvents.changed, (e) => this.editorsIn(e.questionId), false, (e) => String(e.questionId));
    await on<AnswerPromoted>(KnowledgeEvents.answerPromoted, (e) => [e.authorId]);
    await on<ModerationActionRecorded>(ModerationEvents.actionRecorded, (e) => this.upheldFlaggersOf(e));

    await this.jobs.every(BadgesJobs.dailySweep, DAY_MS, () => this.sweep());
  }

  /** Every rule over all data, then nominations: the daily job and `badges:backfill`. */
  async sweep(): Promise<{ awarded: number; nominated: number }> {
    const awarded = await this.awarder.backfill();
    const nominated = await this.superUsers.nominate(null);
    return { awarded: awarded.length, nominated: nominated.length };
  }

  /** The score badges and the super-user bar for authors whose scores rose; the activity badges for voters. */
  private async votesChanged(batches: VotesChanged[]): Promise<void> {
    const raised = [...new Set(batches.flatMap((batch) => batch.raisedAuthorIds))];
    const voters = [...new Set(batches.flatMap((batch) => batch.voterIds))];
    await this.awarder.evaluate(badgesTriggeredBy(VOTE_TRIGGERS.scoreRose), raised);
    await this.awarder.evaluate(badgesTriggeredBy(VOTE_TRIGGERS.voted), voters);
    await this.superUsers.nominate(raised);
  }

  private async authorsOf(postIds: (number | null)[]): Promise<number[]> {
    const ids = postIds.filter((id): id is number => id !== null);
    if (ids.length === 0) return [];
    const rows: { author_id: number }[] = await this.dataSource.query(`SELECT author_id FROM posts WHERE id = ANY($1::int[])`, [ids]);
    return rows.map((row) => row.author_id);
  }

  /** Who edited a post of this thread (question edits announce themselves only as thread.changed). */
  private async editorsIn(questionId: number): Promise<number[]> {
    const rows: { editor_id: number }[] = await this.dataSource.query(
      `SELECT DISTINCT r.editor_id FROM post_revisions r
       WHERE r.post_id IN (SELECT $1::int UNION ALL SELECT id FROM posts WHERE parent_id = $1 AND type = 'answer') AND r.number > 1`,
      [questionId],
    );
    return rows.map((row) => row.editor_id);
  }

  /** The members whose flags on the acted-on content were upheld. */
  private async upheldFlaggersOf(event: ModerationActionRecorded): Promise<number[]> {
    if (event.targetType === 'user') return [];
    const rows: { flagger_id: number }[] = await this.dataSource.query(
      `SELECT DISTINCT flagger_id FROM flags WHERE target_type = $1 AND target_id = $2 AND status = 'upheld'`,
      [event.targetType, event.targetId],
    );
    return rows.map((row) => row.flagger_id);
  }
}
