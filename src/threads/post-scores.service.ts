import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvalidStateError, NotFoundError } from '../common/errors/domain-errors.js';
import { Post } from './entities/post.entity.js';

/** What voting may do to posts, inside the voter's transaction: read one with its question, and move its score. */
@Injectable()
export class PostScores {
  /** The post and its question (itself for a question) in one read; with `lock`, the post's row is locked too. */
  async forVote(tx: EntityManager, postId: number, type?: Post['type'], lock = false): Promise<{ post: Post; question: Post }> {
    const query = tx.getRepository(Post).createQueryBuilder('p').leftJoinAndSelect('p.parent', 'q').where('p.id = :postId', { postId });
    if (lock) query.setLock('pessimistic_write', undefined, ['p']);
    const post = await query.getOne();
    if (!post || (type && post.type !== type)) throw new NotFoundError(`No such ${type ?? 'post'}.`);
    return { post, question: post.parent ?? post };
  }

  /**
   * Adds `delta` to a visible post's score and returns the new score. The row stays locked until
   * the transaction ends, so scores never lose an update; a post removed meanwhile refuses the vote.
   */
  async addToScore(tx: EntityManager, postId: number, delta: number): Promise<number> {
    const [rows] = await tx.query('UPDATE posts SET score = score + $2 WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NULL RETURNING score', [postId, delta]);
    if (!rows.length) throw new InvalidStateError('This post has been removed.');
    return rows[0].score as number;
  }

  async setScore(tx: EntityManager, postId: number, score: number): Promise<void> {
    await tx.query('UPDATE posts SET score = $2 WHERE id = $1', [postId, score]);
  }
}
