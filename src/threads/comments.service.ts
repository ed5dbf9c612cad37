import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { renderInlineMarkdown } from '../common/markdown/markdown.js';
import { RateLimitService } from '../common/rate-limit/rate-limit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import type { Actor } from '../users/actor.js';
import type { CommentDto } from './dto/thread.dtos.js';
import { Comment } from './entities/comment.entity.js';
import { Post } from './entities/post.entity.js';
import { lockPost, lockThreadOf } from './post-locks.js';
import { ThreadsPolicy } from './threads.policy.js';
import { JobQueue } from '../jobs/job-queue.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { PageTags } from '../page-cache/page-tags.js';
import { ThreadEvents } from './threads.events.js';

@Injectable()
export class CommentsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: ThreadsPolicy,
    private readonly rules: ReputationRulesService,
    private readonly jobs: JobQueue,
    private readonly pages: PageCache,
    private readonly limits: RateLimitService,
  ) {}

  /** Comments on a question or an answer; `postType` is what the URL promised. */
  async add(actor: Actor, postType: Post['type'], postId: number, input: CommentDto): Promise<{ comment: Comment; questionId: number }> {
    const rules = await this.rules.current();
    await this.limits.consume('comment', `user:${actor.id}`);
    return this.transactions.inTransaction(async (tx) => {
      const target = await tx.getRepository(Post).findOneBy({ id: postId, type: postType });
      this.policy.assertVisible(actor, target, postType);
      const question = await lockThreadOf(tx, target);
      const post = target.type === 'question' ? question : await lockPost(tx, target.id, 'answer');
      this.policy.assertVisible(actor, question);
      this.policy.assertCanComment(actor, question, post, rules);
      const comment = await tx.getRepository(Comment).save(
        tx.getRepository(Comment).create({ postId: post.id, authorId: actor.id, body: input.body, bodyHtml: renderInlineMarkdown(input.body) }),
      );
      await tx.getRepository(Post).update({ id: post.id }, { commentCount: post.commentCount + 1 });
      await tx.getRepository(Post).update({ id: question.id }, { lastActivityAt: new Date() });
      await this.jobs.publish(tx, ThreadEvents.commentCreated, { commentId: comment.id, postId: post.id, questionId: question.id, authorId: actor.id, postAuthorId: post.authorId });
      await this.pages.announce(tx, [PageTags.thread(question.id)]);
      return { comment, questionId: question.id };
    });
  }

  async delete(actor: Actor, commentId: number): Promise<{ questionId: number }> {
    return this.transactions.inTransaction(async (tx) => {
      const comment = await tx.getRepository(Comment).findOne({ where: { id: commentId }, lock: { mode: 'pessimistic_write' } });
      if (!comment || (comment.deletedAt && !this.policy.canSeeRemoved(actor))) throw new NotFoundError('No such comment.');
      this.policy.assertCanDeleteComment(actor, comment.authorId);
      const post = await tx.getRepository(Post).findOneByOrFail({ id: comment.postId });
      if (!comment.deletedAt) {
        await tx.getRepository(Comment).update({ id: comment.id }, { deletedAt: new Date() });
        await tx.query('UPDATE posts SET comment_count = GREATEST(comment_count - 1, 0) WHERE id = $1', [post.id]);
        await this.pages.announce(tx, [PageTags.thread(post.parentId ?? post.id)]);
      }
      return { questionId: post.parentId ?? post.id };
    });
  }
}
