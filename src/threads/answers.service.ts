import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { renderMarkdown } from '../common/markdown/markdown.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ReputationService } from '../reputation/reputation.service.js';
import type { Rules } from '../reputation/reputation.rules.js';
import type { Actor } from '../users/actor.js';
import type { EditAnswerDto, PostAnswerDto } from './dto/thread.dtos.js';
import { Post } from './entities/post.entity.js';
import { lockPost } from './post-locks.js';
import { RevisionsService } from './revisions.service.js';
import { JobQueue } from '../jobs/job-queue.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { threadTags } from '../page-cache/page-tags.js';
import { ThreadEvents } from './threads.events.js';
import { ThreadsPolicy } from './threads.policy.js';

/** Answering, editing and deleting answers. */
@Injectable()
export class AnswersService {
  constructor(
    @InjectRepository(Post) private readonly posts: Repository<Post>,
    private readonly transactions: TransactionRunner,
    private readonly policy: ThreadsPolicy,
    private readonly revisions: RevisionsService,
    private readonly rules: ReputationRulesService,
    private readonly reputation: ReputationService,
    private readonly jobs: JobQueue,
    private readonly pages: PageCache,
  ) {}

  async answer(actor: Actor, questionId: number, input: PostAnswerDto): Promise<Post> {
    const rules = await this.rules.current();
    return this.transactions.inTransaction((tx) => this.answerIn(tx, actor, questionId, input, rules));
  }

  /**
   * The answer inside the caller's transaction. `verified`: staff publish it already marked
   * "verified by support" (a helpdesk resolution brought back to the thread).
   */
  async answerIn(tx: EntityManager, actor: Actor, questionId: number, input: PostAnswerDto, rules: Rules, options: { verified?: boolean } = {}): Promise<Post> {
    this.policy.assertLinksAllowed(actor, input.body, rules);
    if (options.verified) this.policy.assertCanVerify(actor);
    const question = await lockPost(tx, questionId, 'question');
    this.policy.assertVisible(actor, question);
    this.policy.assertCanAnswer(actor, question);
    const answer = await tx.getRepository(Post).save(
      tx.getRepository(Post).create({
        type: 'answer',
        parentId: question.id,
        authorId: actor.id,
        body: input.body,
        bodyHtml: renderMarkdown(input.body),
        ...(options.verified ? { verifiedAt: new Date(), verifiedById: actor.id } : {}),
      }),
    );
    await tx.getRepository(Post).update(
      { id: question.id },
      { answerCount: question.answerCount + 1, lastActivityAt: new Date(), ...(options.verified ? { hasVerifiedAnswer: true } : {}) },
    );
    await this.revisions.record(tx, answer, actor.id);
    await this.jobs.publishAll(tx, [
      { name: ThreadEvents.postCreated, data: { postId: answer.id, type: 'answer', questionId: question.id, authorId: actor.id } },
      { name: ThreadEvents.changed, data: { questionId: question.id } },
    ]);
    await this.pages.announce(tx, threadTags(question.id));
    return answer;
  }

  /** The answer (with its question) as its editor starts from, once they may edit it. */
  async editable(actor: Actor, answerId: number): Promise<Post> {
    const answer = await this.posts.findOne({ where: { id: answerId, type: 'answer' }, relations: { parent: true } });
    this.policy.assertVisible(actor, answer, 'answer');
    this.policy.assertCanEdit(actor, answer, await this.rules.current());
    return answer;
  }

  async edit(actor: Actor, answerId: number, input: EditAnswerDto): Promise<Post> {
    const rules = await this.rules.current();
    return this.transactions.inTransaction((tx) => this.editIn(tx, actor, answerId, input, rules));
  }

  /** The edit inside the caller's transaction (a moderator's edit shares it with its audit entry). */
  async editIn(tx: EntityManager, actor: Actor, answerId: number, input: EditAnswerDto, rules: Rules): Promise<Post> {
    const answer = await lockPost(tx, answerId, 'answer');
    this.policy.assertVisible(actor, answer, 'answer');
    this.policy.assertCanEdit(actor, answer, rules);
    if (input.body === answer.body) return answer;
    this.policy.assertLinksAllowed(actor, input.body, rules);
    Object.assign(answer, {
      body: input.body,
      bodyHtml: renderMarkdown(input.body),
      revisionCount: answer.revisionCount + 1,
      editedAt: new Date(),
      lastEditorId: actor.id,
    });
    await tx.getRepository(Post).save(answer);
    await tx.getRepository(Post).update({ id: answer.parentId! }, { lastActivityAt: new Date() });
    await this.revisions.record(tx, answer, actor.id, input.summary);
    await this.jobs.publish(tx, ThreadEvents.answerEdited, { answerId: answer.id, questionId: answer.parentId!, revision: answer.revisionCount, editorId: actor.id });
    await this.jobs.publish(tx, ThreadEvents.changed, { questionId: answer.parentId! });
    await this.pages.announce(tx, threadTags(answer.parentId!));
    return answer;
  }

  async delete(actor: Actor, answerId: number): Promise<void> {
    await this.transactions.inTransaction(async (tx) => {
      // Question first, then answer: the same lock order as answering and accepting.
      const unlocked = await tx.getRepository(Post).findOneBy({ id: answerId, type: 'answer' });
      this.policy.assertVisible(actor, unlocked, 'answer');
      const question = await lockPost(tx, unlocked.parentId!, 'question');
      const answer = await lockPost(tx, answerId, 'answer');
      this.policy.assertCanDelete(actor, answer, question);
      if (answer.deletedAt) return;
      await tx.getRepository(Post).update({ id: answer.id }, { deletedAt: new Date(), deletedById: actor.id });
      await this.afterAnswerRemoved(tx, question, answer);
      await this.reputation.reversePosts(tx, [answer.id]);
      await this.jobs.publish(tx, ThreadEvents.changed, { questionId: question.id });
      await this.pages.announce(tx, threadTags(question.id));
    });
  }

  /** Keeps the question's counters and solution true once one of its answers is gone. */
  private async afterAnswerRemoved(tx: EntityManager, question: Post, answer: Post): Promise<void> {
    const solutionGone = question.acceptedAnswerId === answer.id;
    await tx.getRepository(Post).update(
      { id: question.id },
      {
        answerCount: Math.max(question.answerCount - 1, 0),
        ...(solutionGone ? { acceptedAnswerId: null, acceptedById: null, acceptedAt: null } : {}),
      },
    );
    if (answer.verifiedAt) await refreshVerifiedMark(tx, question.id);
  }
}

/** Lists show a question as "verified by support" while any visible answer of it is verified. */
export async function refreshVerifiedMark(tx: EntityManager, questionId: number): Promise<void> {
  await tx.query(
    `UPDATE posts SET has_verified_answer = EXISTS (
       SELECT 1 FROM posts a WHERE a.parent_id = $1 AND a.type = 'answer' AND a.verified_at IS NOT NULL
         AND a.deleted_at IS NULL AND a.hidden_at IS NULL)
     WHERE id = $1`,
    [questionId],
  );
}
