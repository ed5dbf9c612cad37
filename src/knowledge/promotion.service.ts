import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { renderMarkdown } from '../common/markdown/markdown.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { PageTags } from '../page-cache/page-tags.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ReputationService } from '../reputation/reputation.service.js';
import type { Post } from '../threads/entities/post.entity.js';
import { lockPost } from '../threads/post-locks.js';
import { slugify } from '../threads/slug.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import type { Actor } from '../users/actor.js';
import { ArticleVersion } from './entities/article-version.entity.js';
import { Article } from './entities/article.entity.js';
import { KnowledgeEvents, type AnswerPromoted } from './knowledge.events.js';
import { KnowledgePolicy } from './knowledge.policy.js';

/** Questions have no category of their own: an article files under the question's first tag. */
const GENERAL_CATEGORY = 'general';

export interface Promotion {
  article: Article;
  /** False when the answer already was an article: promoting again opens it. */
  created: boolean;
}

/** Promoting an answer into a draft article, crediting (+25) its author once. */
@Injectable()
export class PromotionService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: KnowledgePolicy,
    private readonly reader: ThreadReader,
    private readonly rules: ReputationRulesService,
    private readonly reputation: ReputationService,
    private readonly jobs: JobQueue,
    private readonly pages: PageCache,
  ) {}

  async promote(actor: Actor, answerId: number): Promise<Promotion> {
    this.policy.assertCanPromote(actor);
    // Visibility as the actor sees threads (unknown or removed for them: 404), and the question.
    const { parent: question } = await this.reader.answer(actor, answerId);
    const rules = await this.rules.current();
    return this.transactions.inTransaction(async (tx) => {
      // The answer row is locked: it cannot be edited or deleted while it is being promoted,
      // so the body and revision number recorded belong together.
      const answer = await lockPost(tx, answerId, 'answer');
      const existing = await tx.getRepository(Article).findOneBy({ sourceAnswerId: answer.id });
      if (existing) return { article: existing, created: false };
      this.policy.assertPromotable(answer, question!);

      const article = await this.insertDraft(tx, actor, answer, question!);
      if (!article) return { article: await tx.getRepository(Article).findOneByOrFail({ sourceAnswerId: answer.id }), created: false };
      await tx.getRepository(ArticleVersion).insert(versionOf(article, actor.id));
      await this.reputation.record(tx, [
        { userId: answer.authorId, amount: rules.answerPromoted, reason: 'answer_promoted', postId: answer.id, actorId: actor.id },
      ]);
      await this.jobs.publish<AnswerPromoted>(tx, KnowledgeEvents.answerPromoted, {
        articleId: article.id, answerId: answer.id, questionId: question!.id, authorId: answer.authorId, promotedById: actor.id,
      });
      // Curators see the draft on the answer's thread page.
      await this.pages.announce(tx, [PageTags.answer(answer.id)]);
      return { article, created: true };
    });
  }

  /** The draft, or null when a concurrent promotion of the same answer won the unique key. */
  private async insertDraft(tx: EntityManager, actor: Actor, answer: Post, question: Post): Promise<Article | null> {
    const inserted = await tx
      .createQueryBuilder()
      .insert()
      .into(Article)
      .values({
        slug: `pending-${answer.id}`,
        status: 'draft',
        title: question.title!,
        body: answer.body,
        bodyHtml: renderMarkdown(answer.body),
        category: question.tags?.[0] ?? GENERAL_CATEGORY,
        tags: question.tags ?? [],
        authorId: answer.authorId,
        promotedById: actor.id,
        sourceQuestionId: question.id,
        sourceAnswerId: answer.id,
        sourceRevision: answer.revisionCount,
        reviewedRevision: answer.revisionCount,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as { id: number }[])[0]?.id;
    if (id === undefined) return null;
    await tx.getRepository(Article).update({ id }, { slug: `${slugify(question.title!)}-${id}` });
    return tx.getRepository(Article).findOneByOrFail({ id });
  }
}

/** The article as it now stands, as version number `article.versionCount`. */
export function versionOf(article: Article, editorId: number): Partial<ArticleVersion> {
  return {
    articleId: article.id,
    number: article.versionCount,
    editorId,
    title: article.title,
    summary: article.summary,
    body: article.body,
    category: article.category,
    tags: article.tags,
  };
}
