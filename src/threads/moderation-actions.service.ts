import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvalidStateError, NotFoundError } from '../common/errors/domain-errors.js';
import { JobQueue } from '../jobs/job-queue.js';
import { ReputationService } from '../reputation/reputation.service.js';
import { refreshVerifiedMark } from './answers.service.js';
import { Comment } from './entities/comment.entity.js';
import { Post, type CloseReason } from './entities/post.entity.js';
import { lockPost } from './post-locks.js';
import { TagsService } from './tags.service.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { threadTags } from '../page-cache/page-tags.js';
import { ThreadEvents } from './threads.events.js';

export type ContentType = 'question' | 'answer' | 'comment';

/** What a moderator acts on, as the threads module describes it to the moderation module. */
export interface ContentRef {
  type: ContentType;
  id: number;
  authorId: number;
  /** The thread the content belongs to. */
  questionId: number;
  hidden: boolean;
  deleted: boolean;
  /** Revisions of a question or answer (comments have none). */
  revisionCount: number;
  /** Whether the thread is closed. */
  threadClosed: boolean;
}

interface Locked {
  ref: ContentRef;
  question: Post;
  post?: Post;
  comment?: Comment;
}

const removed = (row: { hiddenAt: Date | null; deletedAt: Date | null }) => row.hiddenAt !== null || row.deletedAt !== null;

/**
 * The writes moderation makes to questions, answers and comments. Each runs inside the
 * moderation use case's transaction (`tx`), so the change and its audit entry commit together;
 * each locks the thread's question row first, the order every thread write uses.
 */
@Injectable()
export class ModerationActionsService {
  constructor(
    private readonly tags: TagsService,
    private readonly reputation: ReputationService,
    private readonly jobs: JobQueue,
    private readonly pages: PageCache,
  ) {}

  /** The content, locked with its thread, described for the caller's rules and audit entry. */
  async lock(tx: EntityManager, type: ContentType, id: number): Promise<ContentRef> {
    return (await this.lockContent(tx, type, id)).ref;
  }

  /** Hides content pending review; returns false when it already was hidden. */
  async hide(tx: EntityManager, type: ContentType, id: number): Promise<boolean> {
    return this.setRemoval(tx, type, id, { hiddenAt: new Date() }, (row) => row.hiddenAt === null);
  }

  async restore(tx: EntityManager, type: ContentType, id: number): Promise<boolean> {
    return this.setRemoval(tx, type, id, { hiddenAt: null }, (row) => row.hiddenAt !== null);
  }

  /**
   * Deletes as a moderator: the reputation its votes (and a question's answers' votes and
   * acceptance) earned is reversed, as when an author deletes.
   */
  async delete(tx: EntityManager, type: ContentType, id: number, moderatorId: number): Promise<boolean> {
    const changed = await this.setRemoval(tx, type, id, { deletedAt: new Date(), deletedById: moderatorId }, (row) => row.deletedAt === null);
    if (changed && type !== 'comment') {
      const answerIds: { id: number }[] = type === 'question' ? await tx.query(`SELECT id FROM posts WHERE parent_id = $1 AND type = 'answer'`, [id]) : [];
      await this.reputation.reversePosts(tx, [id, ...answerIds.map((a) => a.id)]);
    }
    return changed;
  }

  async undelete(tx: EntityManager, type: ContentType, id: number): Promise<boolean> {
    return this.setRemoval(tx, type, id, type === 'comment' ? { deletedAt: null } : { deletedAt: null, deletedById: null }, (row) => row.deletedAt !== null);
  }

  /** Locks or unlocks a thread: a locked thread takes no answers, comments or votes. */
  async setLocked(tx: EntityManager, questionId: number, locked: boolean): Promise<boolean> {
    const question = await lockPost(tx, questionId, 'question');
    if ((question.lockedAt !== null) === locked) return false;
    await tx.getRepository(Post).update({ id: questionId }, { lockedAt: locked ? new Date() : null });
    await this.jobs.publish(tx, ThreadEvents.changed, { questionId });
    await this.pages.announce(tx, threadTags(questionId));
    return true;
  }

  /** Closes a question (a duplicate links its original); returns false when it already was closed. */
  async close(tx: EntityManager, questionId: number, reason: CloseReason, duplicateOfId: number | null): Promise<boolean> {
    const question = await lockPost(tx, questionId, 'question');
    if (question.closedAt) return false;
    if (reason === 'duplicate') await this.assertOriginal(tx, questionId, duplicateOfId);
    await tx.getRepository(Post).update(
      { id: questionId },
      { closedAt: new Date(), closeReason: reason, duplicateOfId: reason === 'duplicate' ? duplicateOfId : null },
    );
    await this.jobs.publish(tx, ThreadEvents.changed, { questionId });
    await this.pages.announce(tx, threadTags(questionId));
    return true;
  }

  async reopen(tx: EntityManager, questionId: number): Promise<boolean> {
    const question = await lockPost(tx, questionId, 'question');
    if (!question.closedAt) return false;
    await tx.getRepository(Post).update({ id: questionId }, { closedAt: null, closeReason: null, duplicateOfId: null });
    await this.jobs.publish(tx, ThreadEvents.changed, { questionId });
    await this.pages.announce(tx, threadTags(questionId));
    return true;
  }

  /** A duplicate must link a visible question other than itself. */
  async assertOriginal(tx: EntityManager, questionId: number, originalId: number | null): Promise<void> {
    if (!originalId) throw new InvalidStateError('Name the original question this one duplicates.', 'duplicateOf');
    if (originalId === questionId) throw new InvalidStateError('A question cannot duplicate itself.', 'duplicateOf');
    const original = await tx.getRepository(Post).findOneBy({ id: originalId, type: 'question' });
    if (!original || original.deletedAt || original.hiddenAt) throw new InvalidStateError(`There is no question #${originalId} to link to.`, 'duplicateOf');
  }

  /**
   * Applies a hide/restore/delete/undelete when `applies` says the row is in the state it acts
   * on, and keeps the counters readers see true when the content appears or disappears.
   */
  private async setRemoval(
    tx: EntityManager,
    type: ContentType,
    id: number,
    change: Partial<Pick<Post, 'hiddenAt' | 'deletedAt' | 'deletedById'>>,
    applies: (row: { hiddenAt: Date | null; deletedAt: Date | null }) => boolean,
  ): Promise<boolean> {
    const { question, post, comment } = await this.lockContent(tx, type, id);
    const row = (comment ?? post)!;
    if (!applies(row)) return false;
    const wasRemoved = removed(row);
    const isRemoved = removed({ hiddenAt: row.hiddenAt, deletedAt: row.deletedAt, ...change });

    if (comment) {
      const { deletedById: _ignored, ...commentChange } = change;
      await tx.getRepository(Comment).update({ id: comment.id }, commentChange);
      if (wasRemoved !== isRemoved) {
        await tx.query('UPDATE posts SET comment_count = GREATEST(comment_count + $2, 0) WHERE id = $1', [comment.postId, isRemoved ? -1 : 1]);
      }
    } else {
      await tx.getRepository(Post).update({ id: post!.id }, change);
      if (wasRemoved !== isRemoved) await this.recount(tx, question, post!, isRemoved ? -1 : 1, change.deletedAt != null);
    }
    await this.jobs.publish(tx, ThreadEvents.changed, { questionId: question.id });
    await this.pages.announce(tx, threadTags(question.id));
    return true;
  }

  private async recount(tx: EntityManager, question: Post, post: Post, delta: 1 | -1, deleting: boolean): Promise<void> {
    if (post.type === 'question') {
      await this.tags.recount(tx, question.tags ?? [], delta);
      return;
    }
    const solutionGone = deleting && question.acceptedAnswerId === post.id;
    await tx.getRepository(Post).update(
      { id: question.id },
      {
        answerCount: Math.max(question.answerCount + delta, 0),
        ...(solutionGone ? { acceptedAnswerId: null, acceptedById: null, acceptedAt: null } : {}),
      },
    );
    if (post.verifiedAt) await refreshVerifiedMark(tx, question.id);
  }

  private async lockContent(tx: EntityManager, type: ContentType, id: number): Promise<Locked> {
    if (type === 'comment') {
      const unlocked = await tx.getRepository(Comment).findOneBy({ id });
      if (!unlocked) throw new NotFoundError('No such comment.');
      const target = await tx.getRepository(Post).findOneByOrFail({ id: unlocked.postId });
      const question = await lockPost(tx, target.parentId ?? target.id, 'question');
      const comment = await tx.getRepository(Comment).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      return { question, comment, ref: describe('comment', comment, question) };
    }
    const unlocked = await tx.getRepository(Post).findOneBy({ id, type });
    if (!unlocked) throw new NotFoundError(`No such ${type}.`);
    const question = await lockPost(tx, unlocked.parentId ?? unlocked.id, 'question');
    const post = type === 'question' ? question : await lockPost(tx, id, 'answer');
    return { question, post, ref: describe(type, post, question) };
  }
}

function describe(type: ContentType, row: Post | Comment, question: Post): ContentRef {
  return {
    type,
    id: row.id,
    authorId: row.authorId,
    questionId: question.id,
    hidden: row.hiddenAt !== null,
    deleted: row.deletedAt !== null,
    revisionCount: 'revisionCount' in row ? row.revisionCount : 0,
    threadClosed: question.closedAt !== null,
  };
}
