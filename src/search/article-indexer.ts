import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { markdownToText } from '../common/markdown/markdown.js';
import { pageRequest } from '../common/http/pagination.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Article } from '../knowledge/entities/article.entity.js';
import { KnowledgeEvents, type ArticleChanged } from '../knowledge/knowledge.events.js';
import { KnowledgeService } from '../knowledge/knowledge.service.js';
import { SEARCH_INDEX, type SearchDocument, type SearchIndex } from './search-index.port.js';

export const articleDocumentId = (id: number) => `article-${id}`;

export function articleDocument(article: Article): SearchDocument {
  return {
    id: articleDocumentId(article.id),
    kind: 'article',
    title: article.title,
    body: [article.summary, markdownToText(article.body)].filter(Boolean).join('\n'),
    answers: '',
    tags: article.tags,
    // An article is an answer the support team stands behind: it counts as solved for filters.
    solved: true,
    score: 0,
    createdAt: article.createdAt.getTime(),
    url: `/kb/${article.slug}`,
  };
}

/** Published articles in the index; unpublished ones leave it. Each job re-reads the article. */
@Injectable()
export class ArticleIndexer implements OnModuleInit {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly knowledge: KnowledgeService,
    private readonly jobs: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<ArticleChanged>(KnowledgeEvents.articleChanged, ({ articleId }) => this.reindex(articleId), 'search');
  }

  async reindex(articleId: number): Promise<void> {
    const article = await this.knowledge.byId(undefined, articleId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (article) await this.index.upsert([articleDocument(article)]);
    else await this.index.remove([articleDocumentId(articleId)]);
  }

  /** Every published article, in batches, for a full rebuild. */
  async *allDocuments(): AsyncIterable<SearchDocument[]> {
    for (let page = 1; ; page++) {
      const slice = await this.knowledge.list({}, pageRequest(page, 200));
      if (slice.items.length) yield slice.items.map(articleDocument);
      if (!slice.hasNext) return;
    }
  }
}
