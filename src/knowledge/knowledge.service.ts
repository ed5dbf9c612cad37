import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors.js';
import type { PageRequest } from '../common/http/pagination.js';
import { readerKey, type ReaderIdentity } from '../common/http/reader-key.js';
import type { Revision } from '../threads/entities/revision.entity.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import type { Actor } from '../users/actor.js';
import { ArticleFeedback } from './entities/article-feedback.entity.js';
import { ArticleVersion } from './entities/article-version.entity.js';
import { Article } from './entities/article.entity.js';
import { KnowledgePolicy } from './knowledge.policy.js';

const SLUG = /^[a-z0-9-]{1,100}$/;

/** Articles rated by at least this many readers, fewer than half of them helpful, come up for review. */
export const POOR_HELPFULNESS = { minRatings: 3 } as const;

export interface ArticleFilter {
  category?: string;
  tag?: string;
}

export interface ArticleSlice {
  items: Article[];
  page: number;
  size: number;
  hasNext: boolean;
}

export interface Facet {
  name: string;
  count: number;
}

export interface ArticlePage {
  article: Article;
  source: { title: string; url: string } | null;
  related: Article[];
  myFeedback: boolean | null;
}

export interface SourceChange {
  article: Article;
  /** The revision the article was last checked against, and the answer's latest; null when the answer is gone. */
  from: Revision | null;
  to: Revision | null;
}

export interface ReviewQueue {
  drafts: Article[];
  sourceChanged: SourceChange[];
  poorlyRated: Article[];
}

/** Everything a reader sees of the knowledge base: the lists, one article, its versions, the review queue. */
@Injectable()
export class KnowledgeService {
  constructor(
    @InjectRepository(Article) private readonly articles: Repository<Article>,
    @InjectRepository(ArticleVersion) private readonly versions: Repository<ArticleVersion>,
    @InjectRepository(ArticleFeedback) private readonly feedback: Repository<ArticleFeedback>,
    private readonly policy: KnowledgePolicy,
    private readonly threads: ThreadReader,
  ) {}

  /** Published articles, the most helpful first; lists look one row ahead instead of counting. */
  async list(filter: ArticleFilter, page: PageRequest): Promise<ArticleSlice> {
    const query = this.articles
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.author', 'author')
      .where(`a.status = 'published'`);
    if (filter.category) query.andWhere('a.category = :category', { category: filter.category });
    if (filter.tag) query.andWhere(':tag = ANY(a.tags)', { tag: filter.tag });
    const rows = await query
      .orderBy('a.helpful_yes - a.helpful_no', 'DESC')
      .addOrderBy('a.helpfulYes', 'DESC')
      .addOrderBy('a.publishedAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset(page.offset)
      .limit(page.size + 1)
      .getMany();
    return { items: rows.slice(0, page.size), page: page.number, size: page.size, hasNext: rows.length > page.size };
  }

  /** The categories and tags of published articles, with how many articles each has. */
  async facets(): Promise<{ categories: Facet[]; tags: Facet[] }> {
    const categories: Facet[] = await this.articles.query(
      `SELECT category AS name, count(*)::int AS count FROM kb_articles WHERE status = 'published' GROUP BY category ORDER BY count DESC, name`,
    );
    const tags: Facet[] = await this.articles.query(
      `SELECT tag AS name, count(*)::int AS count FROM kb_articles, unnest(tags) AS tag WHERE status = 'published'
       GROUP BY tag ORDER BY count DESC, name LIMIT 40`,
    );
    return { categories, tags };
  }

  async byId(actor: Actor | undefined, id: number): Promise<Article> {
    const article = await this.articles.findOne({ where: { id }, relations: { author: true } });
    this.policy.assertVisible(actor, article);
    return article;
  }

  /** The article page: the article, the thread it came from, related articles and this reader's rating. */
  async page(actor: Actor | undefined, reader: ReaderIdentity, slug: string): Promise<ArticlePage> {
    const article = SLUG.test(slug) ? await this.articles.findOne({ where: { slug }, relations: { author: true } }) : null;
    this.policy.assertVisible(actor, article);
    const links = await this.threads.linksFor(actor, [article.sourceAnswerId]);
    const mine = await this.feedback.findOneBy({ articleId: article.id, readerKey: readerKey({ ...reader, userId: actor?.id }) });
    return { article, source: links.get(article.sourceAnswerId) ?? null, related: await this.related(article), myFeedback: mine?.helpful ?? null };
  }

  /** Published articles sharing the most tags with this one. */
  async related(article: Article, limit = 5): Promise<Article[]> {
    if (article.tags.length === 0) return [];
    const rows: { id: number }[] = await this.articles.query(
      `SELECT id FROM kb_articles
       WHERE status = 'published' AND id <> $1 AND tags && $2::varchar[]
       ORDER BY cardinality(ARRAY(SELECT unnest(tags) INTERSECT SELECT unnest($2::varchar[]))) DESC, helpful_yes - helpful_no DESC, id DESC
       LIMIT $3`,
      [article.id, article.tags, limit],
    );
    if (rows.length === 0) return [];
    const found = await this.articles.findBy({ id: In(rows.map((row) => row.id)) });
    return rows.map((row) => found.find((a) => a.id === row.id)!).filter(Boolean);
  }

  /** Every version of an article, oldest first, with its editor. */
  async history(actor: Actor | undefined, id: number): Promise<{ article: Article; versions: ArticleVersion[] }> {
    const article = await this.byId(actor, id);
    const versions = await this.versions.find({ where: { articleId: id }, relations: { editor: true }, order: { number: 'ASC' } });
    return { article, versions };
  }

  /** The agents' knowledge queue: drafts, articles whose source answer changed, and poorly rated ones. */
  async reviewQueue(actor: Actor): Promise<ReviewQueue> {
    this.policy.assertCanCurate(actor, 'see the knowledge queue');
    const withAuthor = { author: true } as const;
    const drafts = await this.articles.find({ where: { status: 'draft' }, relations: withAuthor, order: { createdAt: 'ASC', id: 'ASC' } });
    const changed = await this.articles.find({ where: { sourceChangedAt: Not(IsNull()) }, relations: withAuthor, order: { sourceChangedAt: 'ASC', id: 'ASC' } });
    const poorlyRated = await this.articles
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.author', 'author')
      .where(`a.status = 'published' AND a.helpful_yes + a.helpful_no >= :min AND a.helpful_yes * 2 < a.helpful_yes + a.helpful_no`, {
        min: POOR_HELPFULNESS.minRatings,
      })
      .orderBy('a.helpfulYes', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
    return { drafts, sourceChanged: await Promise.all(changed.map((article) => this.sourceChange(actor, article))), poorlyRated };
  }

  private async sourceChange(actor: Actor, article: Article): Promise<SourceChange> {
    try {
      const { revisions } = await this.threads.history(actor, article.sourceAnswerId, 'answer');
      return { article, from: revisions.find((r) => r.number === article.reviewedRevision) ?? null, to: revisions.at(-1) ?? null };
    } catch (error) {
      if (error instanceof NotFoundError) return { article, from: null, to: null };
      throw error;
    }
  }

  /** The articles made from these answers, as this reader may see them (drafts for curators only). */
  async articlesForAnswers(actor: Actor | undefined, answerIds: number[]): Promise<Map<number, Article>> {
    if (answerIds.length === 0) return new Map();
    const rows = await this.articles.find({
      where: { sourceAnswerId: In(answerIds), ...(this.policy.canCurate(actor) ? {} : { status: 'published' as const }) },
    });
    return new Map(rows.map((article) => [article.sourceAnswerId, article]));
  }

  canCurate(actor: Actor | undefined): boolean {
    return this.policy.canCurate(actor);
  }
}
