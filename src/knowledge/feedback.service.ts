import { Injectable } from '@nestjs/common';
import { readerKey, type ReaderIdentity } from '../common/http/reader-key.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Actor } from '../users/actor.js';
import { lockArticle } from './article-locks.js';
import { ArticleFeedback } from './entities/article-feedback.entity.js';
import { Article } from './entities/article.entity.js';
import { KnowledgePolicy } from './knowledge.policy.js';

/** "Was this helpful?": one answer per reader and article, changeable; the counts follow in the same transaction. */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: KnowledgePolicy,
  ) {}

  async rate(actor: Actor | undefined, reader: ReaderIdentity, articleId: number, helpful: boolean): Promise<Article> {
    return this.transactions.inTransaction(async (tx) => {
      const article = await lockArticle(tx, articleId);
      this.policy.assertVisible(actor, article);
      this.policy.assertCanRate(article);
      await tx
        .createQueryBuilder()
        .insert()
        .into(ArticleFeedback)
        .values({ articleId: article.id, readerKey: readerKey({ ...reader, userId: actor?.id }), helpful })
        .orUpdate(['helpful', 'updated_at'], ['article_id', 'reader_key'])
        .execute();
      const [counts] = await tx.query(
        `SELECT count(*) FILTER (WHERE helpful)::int AS yes, count(*) FILTER (WHERE NOT helpful)::int AS no
         FROM kb_article_feedback WHERE article_id = $1`,
        [article.id],
      );
      // A rating is not an edit: the article's updated time stays.
      await tx.query('UPDATE kb_articles SET helpful_yes = $2, helpful_no = $3 WHERE id = $1', [article.id, counts.yes, counts.no]);
      Object.assign(article, { helpfulYes: counts.yes, helpfulNo: counts.no });
      return article;
    });
  }
}
