import { DataSource } from 'typeorm';
import { HIGHLIGHT_END, HIGHLIGHT_START, type SearchDocument, type SearchIndex, type SearchQuery, type SearchResults } from './search-index.port.js';

const WEIGHTED_VECTOR = `setweight(to_tsvector('english', $3), 'A') || setweight(to_tsvector('simple', array_to_string($6::varchar[], ' ')), 'B')
  || setweight(to_tsvector('english', $4), 'C') || setweight(to_tsvector('english', $5), 'D')`;

const HEADLINE = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}`;

interface RankedRow {
  id: string;
  kind: SearchDocument['kind'];
  title: string;
  url: string;
  tags: string[];
  solved: boolean;
  score: number;
  title_hl: string;
  snippet: string;
  total: string;
}

const WORDS_MATCH = `d.tsv @@ websearch_to_tsquery('english', $1)`;
const NEAR_MISS = '$1 <% d.title';

/** Matches ranked per query, at most (the total reported stops there too). */
export const MAX_RANKED = 1000;

/** PostgreSQL full-text search: the embedded default when no Meilisearch is configured. */
export class PostgresSearchIndex implements SearchIndex {
  readonly engine = 'postgres' as const;

  /** `reads` gives the DataSource searches read from (a replica when routing allows; writes stay on `dataSource`). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: () => DataSource = () => dataSource,
  ) {}

  async prepare(): Promise<void> {
    // The table and its indexes come from migrations.
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    for (const doc of documents) {
      await this.dataSource.query(
        `INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, indexed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9 / 1000.0), $10, ${WEIGHTED_VECTOR}, clock_timestamp())
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, body = EXCLUDED.body,
           answers = EXCLUDED.answers, tags = EXCLUDED.tags, solved = EXCLUDED.solved, score = EXCLUDED.score,
           created_at = EXCLUDED.created_at, url = EXCLUDED.url, tsv = EXCLUDED.tsv, indexed_at = EXCLUDED.indexed_at`,
        [doc.id, doc.kind, doc.title, doc.body, doc.answers, doc.tags, doc.solved, doc.score, doc.createdAt, doc.url],
      );
    }
  }

  async updateScores(scores: { id: string; score: number }[]): Promise<void> {
    if (scores.length === 0) return;
    await this.dataSource.query(
      `UPDATE search_documents d SET score = s.score FROM unnest($1::text[], $2::int[]) AS s(id, score)
       WHERE d.id = s.id AND d.score IS DISTINCT FROM s.score`,
      [scores.map((s) => s.id), scores.map((s) => s.score)],
    );
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await this.dataSource.query('DELETE FROM search_documents WHERE id = ANY($1)', [ids]);
  }

  /**
   * Full-text matches ranked by weight (an exact title first); when the words match nothing, titles
   * that are a near miss of the query (pg_trgm word similarity), so a misspelt query still finds its
   * question. Near misses are a second look, not part of every search: testing each candidate's
   * title for similarity made a common word's search read tens of thousands of titles.
   */
  async search(query: SearchQuery): Promise<SearchResults> {
    const words = await this.rankedPage(query, WORDS_MATCH);
    // An empty page after the words' last match ends the results; it is no cue for near misses.
    const wordsMatched = words.length > 0 || (query.offset > 0 && (await this.rankedPage({ ...query, offset: 0, limit: 1 }, WORDS_MATCH)).length > 0);
    const rows = wordsMatched ? words : await this.rankedPage(query, NEAR_MISS);
    return {
      total: rows.length ? Number(rows[0]!.total) : 0,
      hits: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        url: row.url,
        tags: row.tags,
        solved: row.solved,
        score: row.score,
        titleHighlighted: row.title_hl,
        snippet: row.snippet,
      })),
    };
  }

  private rankedPage(query: SearchQuery, match: string): Promise<RankedRow[]> {
    const params: unknown[] = [query.text];
    const filters: string[] = [];
    if (query.kind) filters.push(`d.kind = $${params.push(query.kind)}`);
    if (query.tag) filters.push(`$${params.push(query.tag)} = ANY(d.tags)`);
    if (query.solved !== undefined) filters.push(`d.solved = $${params.push(query.solved)}`);
    const limit = params.push(query.limit);
    const offset = params.push(query.offset);
    // A broad query matches a fifth of a million-post index, and ranking all of it takes seconds.
    // So, like Meilisearch's default (maxTotalHits 1000), at most the 1,000 best-voted matches are
    // ranked, and the total stops there; ts_headline runs only for the page's documents. The
    // tsquery is written into the match (not read from q) so the planner sees how common its words
    // are, and the candidates are narrow rows (carrying tsvectors out of the scan spilled it to disk).
    return this.reads().query(
      `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
       candidates AS (
         SELECT d.id, d.score, lower(d.title) = lower($1) AS exact,
           ts_rank_cd(d.tsv, websearch_to_tsquery('english', $1), 1) + word_similarity($1, d.title) AS rank
         FROM search_documents d
         WHERE ${match}${filters.map((f) => ` AND ${f}`).join('')}
         ORDER BY d.score DESC, d.id DESC LIMIT ${MAX_RANKED})
       SELECT d.id, d.kind, d.title, d.url, d.tags, d.solved, d.score, (SELECT count(*) FROM candidates) AS total,
         ts_headline('english', d.title, q.query, '${HEADLINE}, HighlightAll=true') AS title_hl,
         ts_headline('english', d.body || ' ' || d.answers, q.query, '${HEADLINE}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "') AS snippet
       FROM (SELECT * FROM candidates ORDER BY exact DESC, rank DESC, score DESC, id LIMIT $${limit} OFFSET $${offset}) top
       JOIN search_documents d ON d.id = top.id, q
       ORDER BY top.exact DESC, top.rank DESC, top.score DESC, top.id`,
      params,
    );
  }

  /** Upserts every document, then drops those not written since the start: searchers never see an empty index. */
  async rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (done: number) => void): Promise<void> {
    const [{ started }] = await this.dataSource.query('SELECT clock_timestamp() AS started');
    let done = 0;
    for await (const batch of batches) {
      await this.upsert(batch);
      done += batch.length;
      onProgress?.(done);
    }
    await this.dataSource.query('DELETE FROM search_documents WHERE indexed_at < $1', [started]);
  }

  async healthy(): Promise<boolean> {
    return this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }
}
