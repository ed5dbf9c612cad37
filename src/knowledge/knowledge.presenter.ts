import { diffWords } from 'diff';
import { markdownToText } from '../common/markdown/markdown.js';
import type { User } from '../users/entities/user.entity.js';
import type { ArticleVersion } from './entities/article-version.entity.js';
import type { Article } from './entities/article.entity.js';
import type { ArticlePage, ArticleSlice, Facet, ReviewQueue, SourceChange } from './knowledge.service.js';

export const articlePath = (article: Pick<Article, 'slug'>) => `/kb/${article.slug}`;
/** Where an article's actions post: by id, so they never depend on the slug. */
export const articleActionPath = (article: Pick<Article, 'id'>, action: string) => `/kb/articles/${article.id}/${action}`;

const person = (user: User | undefined) =>
  user ? { id: user.id, username: user.username, reputation: user.reputation, role: user.role } : { id: 0, username: 'deleted', reputation: 0, role: 'member' };

const iso = (date: Date | null) => date?.toISOString() ?? null;

const wordChanges = (before: string, after: string) =>
  diffWords(before, after).map((part) => ({ text: part.value, added: !!part.added, removed: !!part.removed }));

/** One mapper for pages and API: entities never reach a view or a response body. */
export const KnowledgePresenter = {
  /** An article in lists; the helpfulness counts only for curators. */
  row(article: Article, showCounts: boolean) {
    return {
      id: article.id,
      slug: article.slug,
      url: articlePath(article),
      title: article.title,
      summary: article.summary,
      category: article.category,
      tags: article.tags,
      status: article.status,
      draft: article.status === 'draft',
      author: person(article.author),
      publishedAt: iso(article.publishedAt),
      updatedAt: article.updatedAt.toISOString(),
      ...(showCounts ? { helpful: { yes: article.helpfulYes, no: article.helpfulNo } } : {}),
    };
  },

  list(slice: ArticleSlice, showCounts: boolean) {
    return { items: slice.items.map((a) => KnowledgePresenter.row(a, showCounts)), page: slice.page, size: slice.size, hasNext: slice.hasNext };
  },

  /** The API body: content, provenance and state. */
  apiArticle(article: Article, showCounts: boolean) {
    return {
      ...KnowledgePresenter.row(article, showCounts),
      body: article.body,
      bodyHtml: article.bodyHtml,
      versionCount: article.versionCount,
      source: {
        questionId: article.sourceQuestionId,
        answerId: article.sourceAnswerId,
        revision: article.sourceRevision,
        reviewedRevision: article.reviewedRevision,
        changed: article.sourceChangedAt !== null,
        url: `/questions/${article.sourceQuestionId}#answer-${article.sourceAnswerId}`,
      },
      createdAt: article.createdAt.toISOString(),
    };
  },

  /** The article page, with the controls a curator gets. */
  articlePage({ article, source, related, myFeedback }: ArticlePage, curator: boolean) {
    const plain = article.summary ?? markdownToText(article.body);
    return {
      title: article.title,
      description: plain.length > 155 ? `${plain.slice(0, 154)}…` : plain,
      article: {
        ...KnowledgePresenter.apiArticle(article, curator),
        sourceUrl: source?.url ?? null,
        sourceChanged: article.sourceChangedAt !== null,
      },
      feedback: {
        action: articleActionPath(article, 'feedback'),
        open: article.status === 'published',
        yes: myFeedback === true,
        no: myFeedback === false,
        given: myFeedback !== null,
      },
      related: related.map((a) => KnowledgePresenter.row(a, false)),
      curator,
      actions: curator
        ? {
            edit: articleActionPath(article, 'edit'),
            publish: articleActionPath(article, 'publish'),
            unpublish: articleActionPath(article, 'unpublish'),
            reviewed: articleActionPath(article, 'reviewed'),
          }
        : null,
      historyUrl: articleActionPath(article, 'history'),
    };
  },

  /** The edit form's values, as the form sends them. */
  formValues(article: Article) {
    return { title: article.title, body: article.body, category: article.category, tags: article.tags.join(' '), summary: article.summary ?? '' };
  },

  /** Each version with what changed from the one before, word by word; newest first. */
  versions(versions: ArticleVersion[]) {
    return versions
      .map((version, index) => {
        const previous = versions[index - 1];
        const changed = (field: 'title' | 'summary' | 'category') => (previous && (previous[field] ?? '') !== (version[field] ?? '') ? wordChanges(previous[field] ?? '', version[field] ?? '') : null);
        return {
          number: version.number,
          editor: person(version.editor),
          createdAt: version.createdAt.toISOString(),
          title: version.title,
          summary: version.summary,
          category: version.category,
          tags: version.tags,
          body: version.body,
          original: !previous,
          titleChanges: changed('title'),
          summaryChanges: changed('summary'),
          categoryChanges: changed('category'),
          tagsChanged: previous ? previous.tags.join(' ') !== version.tags.join(' ') : false,
          bodyChanges: previous ? wordChanges(previous.body, version.body) : null,
        };
      })
      .reverse();
  },

  sourceChange({ article, from, to }: SourceChange) {
    return {
      ...KnowledgePresenter.row(article, true),
      reviewedAction: articleActionPath(article, 'reviewed'),
      editUrl: articleActionPath(article, 'edit'),
      sourceUrl: `/questions/${article.sourceQuestionId}#answer-${article.sourceAnswerId}`,
      promotedRevision: article.sourceRevision,
      fromRevision: from?.number ?? article.reviewedRevision,
      toRevision: to?.number ?? null,
      sourceGone: !to,
      changes: from && to ? wordChanges(from.body, to.body) : null,
      changedAt: iso(article.sourceChangedAt),
    };
  },

  reviewQueue(queue: ReviewQueue) {
    return {
      drafts: queue.drafts.map((a) => KnowledgePresenter.row(a, true)),
      sourceChanged: queue.sourceChanged.map(KnowledgePresenter.sourceChange),
      poorlyRated: queue.poorlyRated.map((a) => ({ ...KnowledgePresenter.row(a, true), helpfulShare: Math.round((100 * a.helpfulYes) / (a.helpfulYes + a.helpfulNo)) })),
    };
  },

  facets({ categories, tags }: { categories: Facet[]; tags: Facet[] }, current: { category?: string; tag?: string }) {
    return {
      categories: categories.map((c) => ({ ...c, url: `/kb?category=${encodeURIComponent(c.name)}`, current: c.name === current.category })),
      tags: tags.map((t) => ({ ...t, url: `/kb?tag=${encodeURIComponent(t.name)}`, current: t.name === current.tag })),
    };
  },

  /** What the thread page shows on an answer: the article it became, or the promote button for curators. */
  answerMark(article: Article | undefined, curator: boolean) {
    return {
      article: article ? { title: article.title, url: articlePath(article), draft: article.status === 'draft' } : null,
      canPromote: curator,
    };
  },
};
