import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { Article } from './entities/article.entity.js';

/** Reads an article and locks its row until the transaction ends: its writes happen one after another. */
export async function lockArticle(tx: EntityManager, id: number): Promise<Article> {
  const article = await tx.getRepository(Article).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!article) throw new NotFoundError('No such article.');
  return article;
}
