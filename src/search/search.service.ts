import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-errors.js';
import type { Actor } from '../users/actor.js';
import { SearchClick, SearchQueryLog } from './entities/search-log.entity.js';
import { SEARCH_INDEX, type DocumentKind, type SearchIndex, type SearchResults } from './search-index.port.js';

export const PAGE_SIZE = 20;
const SIMILAR_LIMIT = 5;
/**
 * Suggestions for the same title, kept this long: the ask page asks again as a title is typed and
 * retyped, and several members type the same words. Short, so a removed thread leaves the
 * suggestions within seconds (each instance keeps its own).
 */
export const SIMILAR_CACHE = { ttlMs: 10_000, entries: 1_000 };

export interface SearchRequest {
  text?: string;
  kind?: DocumentKind;
  tag?: string;
  solved?: boolean;
  page?: number;
}

@Injectable()
export class SearchService {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @InjectRepository(SearchQueryLog) private readonly queries: Repository<SearchQueryLog>,
    @InjectRepository(SearchClick) private readonly clicks: Repository<SearchClick>,
  ) {}

  /** One page of results; the search is logged for the insights dashboard. */
  async search(actor: Actor | undefined, request: SearchRequest): Promise<SearchResults & { queryId: number; page: number }> {
    const text = request.text?.trim() ?? '';
    if (!text) throw new ValidationFailedError({ q: ['Enter something to search for.'] });
    const page = request.page ?? 1;
    const results = await this.index.search({ text, kind: request.kind, tag: request.tag, solved: request.solved, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const queryId = await this.log(actor, text, 'search', results.total);
    return { ...results, queryId, page };
  }

  private readonly recentSimilar = new Map<string, { at: number; hits: Promise<SearchResults['hits']> }>();

  /** Solved questions and articles like the title being typed on the ask page (deflection). */
  async similar(actor: Actor | undefined, title: string): Promise<SearchResults & { queryId: number }> {
    const hits = await this.similarHits(title);
    const queryId = await this.log(actor, title, 'ask', hits.length);
    return { hits, total: hits.length, queryId };
  }

  private similarHits(title: string): Promise<SearchResults['hits']> {
    const key = title.toLowerCase().replace(/\s+/g, ' ').trim();
    const cached = this.recentSimilar.get(key);
    if (cached && Date.now() - cached.at < SIMILAR_CACHE.ttlMs) return cached.hits;
    const hits = Promise.all([
      this.index.search({ text: title, match: 'any', kind: 'question', solved: true, offset: 0, limit: SIMILAR_LIMIT }),
      this.index.search({ text: title, match: 'any', kind: 'article', offset: 0, limit: 2 }),
    ]).then(([questions, articles]) => [...articles.hits, ...questions.hits].slice(0, SIMILAR_LIMIT));
    this.recentSimilar.delete(key);
    this.recentSimilar.set(key, { at: Date.now(), hits });
    hits.catch(() => this.recentSimilar.delete(key));
    // Oldest first in a Map: drop from the front past the bound.
    for (const oldest of this.recentSimilar.keys()) {
      if (this.recentSimilar.size <= SIMILAR_CACHE.entries) break;
      this.recentSimilar.delete(oldest);
    }
    return hits;
  }

  async recordClick(actor: Actor | undefined, click: { documentId: string; queryId?: number; source: 'search' | 'ask' }): Promise<void> {
    await this.clicks.insert({ documentId: click.documentId, queryId: click.queryId ?? null, source: click.source, userId: actor?.id ?? null });
  }

  private async log(actor: Actor | undefined, text: string, source: 'search' | 'ask', resultCount: number): Promise<number> {
    const { identifiers } = await this.queries.insert({ text: text.slice(0, 200), source, resultCount, userId: actor?.id ?? null });
    return identifiers[0]!.id as number;
  }
}
