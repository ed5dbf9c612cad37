import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { RateLimitService } from '../common/rate-limit/rate-limit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ReputationService } from '../reputation/reputation.service.js';
import { voteEntries, type Rules } from '../reputation/reputation.rules.js';
import type { Post } from '../threads/entities/post.entity.js';
import { PostScores } from '../threads/post-scores.service.js';
import type { Actor } from '../users/actor.js';
import { Vote } from './entities/vote.entity.js';
import { VotesPolicy } from './votes.policy.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { threadTags } from '../page-cache/page-tags.js';
import { VoteChanges } from './vote-changes.js';

export interface VoteResult {
  postId: number;
  score: number;
  myVote: -1 | 0 | 1;
}

@Injectable()
export class VotesService {
  constructor(
    @InjectRepository(Vote) private readonly votes: Repository<Vote>,
    private readonly transactions: TransactionRunner,
    private readonly reputation: ReputationService,
    private readonly rules: ReputationRulesService,
    private readonly policy: VotesPolicy,
    private readonly posts: PostScores,
    private readonly changes: VoteChanges,
    private readonly limits: RateLimitService,
    private readonly pages: PageCache,
  ) {}

  /**
   * Brings the member's vote on a post to `value`. The vote, the post's score and the ledger
   * entries change in one transaction. The member's vote row is the lock that orders their own
   * racing requests; the post's row is locked only from its score update to the commit (the
   * last steps), so votes on a busy post wait for each other as briefly as they can.
   */
  async cast(actor: Actor, postType: Post['type'], postId: number, value: 1 | -1 | 0): Promise<VoteResult> {
    const rules = await this.rules.current();
    await this.limits.consume('vote', `user:${actor.id}`);
    return this.transactions.inTransaction(async (tx) => {
      const { post, question } = await this.posts.forVote(tx, postId, postType);
      if ((post.deletedAt || post.hiddenAt) && actor.role !== 'moderator' && actor.role !== 'admin') throw new NotFoundError(`No such ${postType}.`);

      // The common case, a first vote, is one insert; otherwise the existing vote, locked.
      let vote = value !== 0 ? await this.insertFirstVote(tx, actor, post, question, value, rules) : undefined;
      const existing = vote ? undefined : await this.lockVote(tx, actor.id, postId);
      const previous = (existing?.value ?? 0) as -1 | 0 | 1;
      if (!vote) {
        if (previous === value) return { postId, score: post.score, myVote: value };
        this.policy.assertCanVote(actor, post, question, value, rules);
        await tx.query('UPDATE votes SET value = $2, updated_at = now() WHERE id = $1', [existing!.id, value]);
        vote = { id: existing!.id };
      }

      await this.changes.record(tx, { postId, postType: post.type, questionId: question.id, authorId: post.authorId, voterId: actor.id, value, previous });
      await this.pages.announce(tx, threadTags(question.id));
      // Post row, then members' rows: the order every writer of threads locks in.
      const score = await this.posts.addToScore(tx, postId, value - previous);
      if (previous !== 0) await this.reputation.reverseVote(tx, vote.id);
      if (value !== 0) {
        await this.reputation.record(
          tx,
          voteEntries(rules, { value, postType: post.type, postId, voteId: vote.id, authorId: post.authorId, voterId: actor.id }),
        );
      }
      return { postId, score, myVote: value };
    });
  }

  /** Inserts the member's vote if they have none on this post yet (after the policy allows it). */
  private async insertFirstVote(tx: EntityManager, actor: Actor, post: Post, question: Post, value: 1 | -1, rules: Rules): Promise<{ id: number } | undefined> {
    this.policy.assertCanVote(actor, post, question, value, rules);
    const rows: { id: number }[] = await tx.query(
      'INSERT INTO votes (post_id, voter_id, value) VALUES ($1, $2, $3) ON CONFLICT (voter_id, post_id) DO NOTHING RETURNING id',
      [post.id, actor.id, value],
    );
    return rows[0];
  }

  private async lockVote(tx: EntityManager, voterId: number, postId: number): Promise<{ id: number; value: number } | undefined> {
    const [row] = await tx.query('SELECT id, value FROM votes WHERE voter_id = $1 AND post_id = $2 FOR UPDATE', [voterId, postId]);
    return row;
  }

  /**
   * Serial voting: voters who gave more than `threshold` standing votes to one author's posts
   * within the window (a vote counts at its last change).
   */
  async serialVoters(since: Date, threshold: number): Promise<{ voterId: number; authorId: number; votes: number }[]> {
    return this.votes.query(
      `SELECT v.voter_id AS "voterId", p.author_id AS "authorId", count(*)::int AS votes
       FROM votes v JOIN posts p ON p.id = v.post_id
       WHERE v.value <> 0 AND v.updated_at >= $1 AND p.author_id <> v.voter_id
       GROUP BY v.voter_id, p.author_id HAVING count(*) > $2
       ORDER BY v.voter_id, p.author_id`,
      [since, threshold],
    );
  }

  /**
   * Retracts, inside the caller's transaction, every standing vote `voterId` gave `authorId`'s
   * posts since `since`: each as if the voter had retracted it (score and ledger reversed exactly).
   */
  async retractSerialVotes(tx: EntityManager, voterId: number, authorId: number, since: Date): Promise<number[]> {
    const rows: { id: number; postId: number }[] = await tx.query(
      `SELECT v.id, v.post_id AS "postId" FROM votes v JOIN posts p ON p.id = v.post_id
       WHERE v.voter_id = $1 AND p.author_id = $2 AND v.value <> 0 AND v.updated_at >= $3
       ORDER BY v.post_id`,
      [voterId, authorId, since],
    );
    for (const row of rows) {
      const { post, question } = await this.posts.forVote(tx, row.postId, undefined, true);
      const vote = await tx.getRepository(Vote).findOneOrFail({ where: { id: row.id }, lock: { mode: 'pessimistic_write' } });
      if (vote.value === 0) continue;
      await this.reputation.reverseVote(tx, vote.id);
      await tx.getRepository(Vote).update({ id: vote.id }, { value: 0 });
      const score = post.score - vote.value;
      await this.posts.setScore(tx, post.id, score);
      await this.changes.record(tx, { postId: post.id, postType: post.type, questionId: question.id, authorId: post.authorId, voterId, value: 0, previous: vote.value as -1 | 0 | 1 });
      await this.pages.announce(tx, threadTags(question.id));
    }
    return rows.map((row) => row.id);
  }

  /** The member's current votes on these posts, for showing their state on a page. */
  async myVotes(voterId: number, postIds: number[]): Promise<Map<number, -1 | 0 | 1>> {
    if (postIds.length === 0) return new Map();
    // Raw: read on every signed-in thread page, where TypeORM's find cost three times the query.
    const rows: { post_id: number; value: -1 | 0 | 1 }[] = await this.votes.query(`SELECT post_id, value FROM votes WHERE voter_id = $1 AND post_id = ANY($2::int[])`, [voterId, postIds]);
    return new Map(rows.map((row) => [row.post_id, row.value]));
  }

  /** Posts whose stored score differs from the sum of their votes. */
  scoreMismatches(): Promise<{ postId: number; stored: number; votes: number }[]> {
    return this.votes.query(
      `SELECT p.id AS "postId", p.score AS stored, (p.score_baseline + COALESCE(v.total, 0))::int AS votes
       FROM posts p LEFT JOIN (SELECT post_id, SUM(value) AS total FROM votes GROUP BY post_id) v ON v.post_id = p.id
       WHERE p.score <> p.score_baseline + COALESCE(v.total, 0) ORDER BY p.id`,
    );
  }
}
