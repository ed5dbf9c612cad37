/**
 * The jobs the knowledge module publishes, inside the transaction of the change that causes them.
 * Subscribers (search) handle them idempotently: re-read the article and index or drop it.
 */
export const KnowledgeEvents = {
  /** An article was published, unpublished or edited. */
  articleChanged: 'knowledge.article-changed',
} as const;

export interface ArticleChanged {
  articleId: number;
}
