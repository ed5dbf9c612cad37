import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { Repository } from 'typeorm';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import { Clock } from '../common/clock.js';
import { ValidationFailedError } from '../common/errors/domain-errors.js';
import type { Actor } from '../users/actor.js';
import { SearchClick } from './entities/search-log.entity.js';
import { SearchLog } from './search-log.js';
import { SEARCH_INDEX, type DocumentKind, type SearchIndex, type SearchQuery, type SearchResults } from './search-index.port.js';

export const PAGE_SIZE = 20;
const SIMILAR_LIMIT = 5;
/**
 * Results of identical searches and suggestions, kept this long on each instance: popular
 * searches repeat (many customers look for the same error; the ask page asks again as a title is
 * typed and retyped), and an identical query asked meanwhile waits for the one under way. Any
 * document added, edited or removed empties every instance's kept results (announcingChanges),
 * so content changes show as before; a vote's new score reorders them within the time-to-live.
 */
export const RESULTS_CACHE = { ttlMs: 30_000, entries: 2_000 };

export interface SearchRequest {
  text?: string;
  kind?: DocumentKind;
  tag?: string;
  solved?: boolean;
  page?: number;
}

@Injectable()
export class SearchService implements OnModuleInit {
  private readonly recent = new LRUCache<string, SearchResults, SearchQuery>({
    max: RESULTS_CACHE.entries,
    ttl: RESULTS_CACHE.ttlMs,
    fetchMethod: (_key, _stale, { context }) => this.index.search(context),
    perf: { now: () => this.clock.now().getTime() },
  });

  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly searches: SearchLog,
    @InjectRepository(SearchClick) private readonly clicks: Repository<SearchClick>,
    private readonly cluster: ClusterEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.cluster.subscribe('search.changed', () => this.forget());
    // Messages sent while this instance could not listen are lost: forget every kept result.
    this.cluster.onResync(() => this.forget());
  }

  private forget(): void {
    this.recent.clear();
  }

  /** One page of results; the search is logged for the insights dashboard. */
  async search(actor: Actor | undefined, request: SearchRequest): Promise<SearchResults & { queryId: number; page: number }> {
    const text = request.text?.trim() ?? '';
    if (!text) throw new ValidationFailedError({ q: ['Enter something to search for.'] });
    const page = request.page ?? 1;
    const results = await this.cached({ text, kind: request.kind, tag: request.tag, solved: request.solved, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const queryId = await this.log(actor, text, 'search', results.total);
    return { ...results, queryId, page };
  }

  /** Solved questions and articles like the title being typed on the ask page (deflection). */
  async similar(actor: Actor | undefined, title: string): Promise<SearchResults & { queryId: number }> {
    const hits = await this.similarHits(title);
    const queryId = await this.log(actor, title, 'ask', hits.length);
    return { hits, total: hits.length, queryId };
  }

  private async similarHits(title: string): Promise<SearchResults['hits']> {
    const [questions, articles] = await Promise.all([
      this.cached({ text: title, match: 'any', kind: 'question', solved: true, offset: 0, limit: SIMILAR_LIMIT }),
      this.cached({ text: title, match: 'any', kind: 'article', offset: 0, limit: 2 }),
    ]);
    return [...articles.hits, ...questions.hits].slice(0, SIMILAR_LIMIT);
  }

  /** The index's answer, or the one it gave the same query within the time-to-live. */
  private async cached(query: SearchQuery): Promise<SearchResults> {
    const text = query.text.toLowerCase().replace(/\s+/g, ' ').trim();
    const key = JSON.stringify([text, query.match, query.kind, query.tag, query.solved, query.offset, query.limit]);
    try {
      return (await this.recent.fetch(key, { context: query }))!;
    } catch {
      // The cache aborted the lookup (a change emptied it, or the entry was evicted while it ran, a
      // rare query among many new ones) or it failed: the index's answer, not kept; a real failure fails again.
      return this.index.search(query);
    }
  }

  async recordClick(actor: Actor | undefined, click: { documentId: string; queryId?: number; source: 'search' | 'ask' }): Promise<void> {
    await this.clicks.insert({ documentId: click.documentId, queryId: click.queryId ?? null, source: click.source, userId: actor?.id ?? null });
  }

  private log(actor: Actor | undefined, text: string, source: 'search' | 'ask', resultCount: number): Promise<number> {
    return this.searches.record({ text, source, resultCount, userId: actor?.id ?? null });
  }
}
