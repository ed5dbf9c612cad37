import { Meilisearch, type Index } from 'meilisearch';
import { HIGHLIGHT_END, HIGHLIGHT_START, type SearchDocument, type SearchIndex, type SearchQuery, type SearchResults } from './search-index.port.js';

const INDEX = 'posts';

/** The index settings, declared in code and applied at start. */
export const MEILI_SETTINGS = {
  searchableAttributes: ['title', 'tags', 'body', 'answers'],
  filterableAttributes: ['kind', 'tags', 'solved', 'status'],
  sortableAttributes: ['score', 'createdAt'],
  displayedAttributes: ['id', 'kind', 'title', 'body', 'answers', 'tags', 'solved', 'score', 'createdAt', 'url', 'status'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'score:desc'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
};

/** A filter value is only ever one of ours, validated upstream; quoting keeps it a value, never syntax. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/** Meilisearch through the official client: the engine in docker-compose and production. */
export class MeilisearchIndex implements SearchIndex {
  readonly engine = 'meilisearch' as const;
  private readonly client: Meilisearch;

  constructor(host: string, apiKey?: string) {
    this.client = new Meilisearch({ host, apiKey });
  }

  private get index(): Index<SearchDocument & { status: string }> {
    return this.client.index(INDEX);
  }

  async prepare(): Promise<void> {
    await this.prepareIndex(INDEX);
  }

  private async prepareIndex(uid: string): Promise<void> {
    const created = await this.client.createIndex(uid, { primaryKey: 'id' }).waitTask();
    if (created.status === 'failed' && created.error?.code !== 'index_already_exists') throw new Error(created.error?.message);
    const settings = await this.client.index(uid).updateSettings(MEILI_SETTINGS).waitTask();
    if (settings.status === 'failed') throw new Error(settings.error?.message);
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const task = await this.index.addDocuments(documents.map((doc) => ({ ...doc, status: 'visible' })), { primaryKey: 'id' }).waitTask();
    if (task.status === 'failed') throw new Error(task.error?.message ?? 'Meilisearch could not index the documents');
  }

  async updateScores(scores: { id: string; score: number }[]): Promise<void> {
    if (scores.length === 0) return;
    // A partial update of an id the index does not hold makes a document without a status, which
    // every search filters out (status = "visible"), and the next re-index of its thread removes.
    const task = await this.index.updateDocuments(scores as never, { primaryKey: 'id' }).waitTask();
    if (task.status === 'failed') throw new Error(task.error?.message ?? 'Meilisearch could not update the scores');
  }

  async remove(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const task = await this.index.deleteDocuments(ids).waitTask();
    if (task.status === 'failed') throw new Error(task.error?.message ?? 'Meilisearch could not remove the documents');
    return Number(task.details?.deletedDocuments ?? ids.length);
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    const filter = [`status = "visible"`];
    if (query.kind) filter.push(`kind = ${quoted(query.kind)}`);
    if (query.tag) filter.push(`tags = ${quoted(query.tag)}`);
    if (query.solved !== undefined) filter.push(`solved = ${query.solved}`);
    const response = await this.index.search(query.text.replace(/\u0000/g, ' '), {
      filter,
      // `any` (ask-page suggestions): words dropped rarest-last, so a title sharing its rarer words matches.
      ...(query.match === 'any' ? { matchingStrategy: 'frequency' as const } : {}),
      offset: query.offset,
      limit: query.limit,
      attributesToHighlight: ['title', 'body'],
      attributesToCrop: ['body'],
      cropLength: 30,
      highlightPreTag: HIGHLIGHT_START,
      highlightPostTag: HIGHLIGHT_END,
    });
    return {
      total: response.estimatedTotalHits ?? response.hits.length,
      hits: response.hits.map((hit) => ({
        id: hit.id,
        kind: hit.kind,
        title: hit.title,
        url: hit.url,
        tags: hit.tags,
        solved: hit.solved,
        score: hit.score,
        titleHighlighted: hit._formatted?.title ?? hit.title,
        snippet: hit._formatted?.body ?? hit.body.slice(0, 200),
      })),
    };
  }

  /** Builds a fresh index beside the live one and swaps them atomically. */
  async rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (done: number) => void): Promise<void> {
    const next = `${INDEX}_rebuild`;
    await this.client.deleteIndexIfExists(next);
    await this.prepareIndex(next);
    let done = 0;
    for await (const batch of batches) {
      const task = await this.client.index(next).addDocuments(batch.map((doc) => ({ ...doc, status: 'visible' })), { primaryKey: 'id' }).waitTask();
      if (task.status === 'failed') throw new Error(task.error?.message);
      done += batch.length;
      onProgress?.(done);
    }
    await this.prepare();
    const swap = await this.client.swapIndexes([{ indexes: [INDEX, next], rename: false }]).waitTask();
    if (swap.status === 'failed') throw new Error(swap.error?.message);
    await this.client.deleteIndexIfExists(next);
  }

  async healthy(): Promise<boolean> {
    return this.client.isHealthy();
  }
}
