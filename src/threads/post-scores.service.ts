import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Post } from './entities/post.entity.js';
import { lockPost } from './post-locks.js';

/** What voting may do to posts, inside the voter's transaction: lock one, and set its score. */
@Injectable()
export class PostScores {
  /** The post, locked, and its question (itself for a question). */
  async lockForVote(tx: EntityManager, postId: number, type?: Post['type']): Promise<{ post: Post; question: Post }> {
    const post = await lockPost(tx, postId, type);
    const question = post.parentId ? await tx.getRepository<Post>('Post').findOneByOrFail({ id: post.parentId }) : post;
    return { post, question };
  }

  async setScore(tx: EntityManager, postId: number, score: number): Promise<void> {
    await tx.query('UPDATE posts SET score = $2 WHERE id = $1', [postId, score]);
  }
}
