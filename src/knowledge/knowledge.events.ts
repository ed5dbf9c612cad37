/**
 * The jobs the knowledge module publishes, inside the transaction of the change that causes them.
 * Subscribers (search) handle them idempotently: re-read the article and index or drop it.
 */
export const KnowledgeEvents = {
  /** An article was published, unpublished or edited. */
  articleChanged: 'knowledge.article-changed',
  /** An answer became a draft article (notifications tells the answer's author). */
  answerPromoted: 'knowledge.answer-promoted',
} as const;

export interface AnswerPromoted {
  articleId: number;
  answerId: number;
  questionId: number;
  /** The answer's author, credited by the article. */
  authorId: number;
  promotedById: number;
}

export interface ArticleChanged {
  articleId: number;
}
