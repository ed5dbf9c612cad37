import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { Post } from './entities/post.entity.js';

/**
 * Reads a post and locks its row until the transaction ends: writes to one thread happen one
 * after another, so counts, acceptance and scores never lose an update.
 */
export async function lockPost(tx: EntityManager, id: number, type?: Post['type']): Promise<Post> {
  const post = await tx.getRepository(Post).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!post || (type && post.type !== type)) throw new NotFoundError(`No such ${type ?? 'post'}.`);
  return post;
}

/** The question a post belongs to (itself for a question), locked. */
export async function lockThreadOf(tx: EntityManager, post: Post): Promise<Post> {
  return post.type === 'question' ? post : lockPost(tx, post.parentId!, 'question');
}
