import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { renderMarkdown } from '../common/markdown/markdown.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { PageTags } from '../page-cache/page-tags.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import type { Actor } from '../users/actor.js';
import { lockArticle } from './article-locks.js';
import type { PatchArticleDto } from './dto/article.dtos.js';
import { ArticleVersion } from './entities/article-version.entity.js';
import { Article } from './entities/article.entity.js';
import { KnowledgeEvents, type ArticleChanged } from './knowledge.events.js';
import { KnowledgePolicy } from './knowledge.policy.js';
import { versionOf } from './promotion.service.js';

const EDITABLE = ['title', 'body', 'category', 'tags', 'summary'] as const;

/** What agents do to an article: edit (each save a version), publish, unpublish, mark reviewed. */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: KnowledgePolicy,
    private readonly jobs: JobQueue,
    private readonly reader: ThreadReader,
    private readonly pages: PageCache,
  ) {}

  async edit(actor: Actor, articleId: number, input: PatchArticleDto): Promise<Article> {
    this.policy.assertCanCurate(actor, 'edit articles');
    return this.transactions.inTransaction(async (tx) => {
      const article = await lockArticle(tx, articleId);
      const changes = changedFields(article, input);
      if (Object.keys(changes).length === 0) return article;
      Object.assign(article, changes, { versionCount: article.versionCount + 1 });
      if (changes.body !== undefined) article.bodyHtml = renderMarkdown(article.body);
      await tx.getRepository(Article).save(article);
      await tx.getRepository(ArticleVersion).insert(versionOf(article, actor.id));
      await this.changed(tx, article);
      return article;
    });
  }

  publish(actor: Actor, articleId: number): Promise<Article> {
    return this.setStatus(actor, articleId, 'published');
  }

  unpublish(actor: Actor, articleId: number): Promise<Article> {
    return this.setStatus(actor, articleId, 'draft');
  }

  /** The agent checked the article against its answer as it now reads: the "source changed" mark goes. */
  async markReviewed(actor: Actor, articleId: number): Promise<Article> {
    this.policy.assertCanCurate(actor, 'review articles');
    return this.transactions.inTransaction(async (tx) => {
      const article = await lockArticle(tx, articleId);
      const current = await this.currentSourceRevision(actor, article.sourceAnswerId);
      article.sourceChangedAt = null;
      article.reviewedRevision = Math.max(article.reviewedRevision, current ?? article.reviewedRevision);
      return tx.getRepository(Article).save(article);
    });
  }

  private async setStatus(actor: Actor, articleId: number, status: Article['status']): Promise<Article> {
    this.policy.assertCanCurate(actor, status === 'published' ? 'publish articles' : 'unpublish articles');
    return this.transactions.inTransaction(async (tx) => {
      const article = await lockArticle(tx, articleId);
      if (article.status === status) return article;
      article.status = status;
      if (status === 'published') article.publishedAt = new Date();
      await tx.getRepository(Article).save(article);
      await this.changed(tx, article);
      return article;
    });
  }

  private async changed(tx: EntityManager, article: Article): Promise<void> {
    await this.jobs.publish<ArticleChanged>(tx, KnowledgeEvents.articleChanged, { articleId: article.id });
    // The knowledge base lists it, and the thread page of its answer links to it once published.
    await this.pages.announce(tx, [PageTags.knowledge, PageTags.answer(article.sourceAnswerId)]);
  }

  /** The source answer's latest revision number, or null when the answer is gone. */
  private async currentSourceRevision(actor: Actor, answerId: number): Promise<number | null> {
    try {
      return (await this.reader.answer(actor, answerId)).revisionCount;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}

/** The edited fields whose value differs from the article's. */
function changedFields(article: Article, input: PatchArticleDto): Partial<Pick<Article, (typeof EDITABLE)[number]>> {
  const changes: Record<string, unknown> = {};
  for (const field of EDITABLE) {
    const value = input[field];
    if (value === undefined) continue;
    const normalized = field === 'summary' ? value || null : value;
    const same = Array.isArray(normalized) ? normalized.join(' ') === (article.tags ?? []).join(' ') : normalized === article[field];
    if (!same) changes[field] = normalized;
  }
  return changes;
}
