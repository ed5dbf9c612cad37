import { DataSource } from 'typeorm';
import { HIGHLIGHT_END, HIGHLIGHT_START, type SearchDocument, type SearchIndex, type SearchQuery, type SearchResults } from './search-index.port.js';

const WEIGHTED_VECTOR = `setweight(to_tsvector('english', $3), 'A') || setweight(to_tsvector('simple', array_to_string($6::varchar[], ' ')), 'B')
  || setweight(to_tsvector('english', $4), 'C') || setweight(to_tsvector('english', $5), 'D')`;
/** Title (A) and tags (B): the narrow vector suggestions match and ranking reads. */
export const HEAD_VECTOR = (title: string, tags: string) =>
  `setweight(to_tsvector('english', ${title}), 'A') || setweight(to_tsvector('simple', array_to_string(${tags}, ' ')), 'B')`;
/** What a hit's snippet is highlighted from: the start of the body, or of the answers when the body is empty. */
export const SNIPPET = (body: string, answers: string) => `left(CASE WHEN ${body} <> '' THEN ${body} ELSE ${answers} END, ${SNIPPET_CHARS})`;
const SNIPPET_CHARS = 320;

const HEADLINE = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}`;

interface RankedRow {
  id: string | null;
  kind: SearchDocument['kind'];
  title: string;
  url: string;
  tags: string[];
  solved: boolean;
  score: number;
  title_hl: string;
  snippet: string;
  total: number;
}

/** Matches ranked per query, at most (the total reported stops there too), as Meilisearch's maxTotalHits. */
export const MAX_RANKED = 1000;
/** A query longer than this is cut (the API allows 200 characters; the port may be called directly). */
const MAX_QUERY_CHARS = 400;
/**
 * A word in more than this share of titles (PostgreSQL's own element statistics of the title
 * vector) finds no candidates by itself when the query has rarer words; it still counts in ranking.
 */
export const COMMON_SHARE = 0.01;
const STATS_TTL_MS = 10 * 60_000;

/**
 * The ranking, one place: weights of what a candidate has (all between 0 and 1 but the prior).
 * Tuned with `npm run bench -- --relevance` on the shared Stack Exchange dumps (docs/search.md).
 */
export const RANKING = {
  /** Every word of the query in the document (title, tags, body or answers). */
  everyWord: 1,
  /** ts_rank_cd of the title-and-tags vector against any word, normalised by length (1 + log). */
  head: 4,
  /** Trigram similarity of the whole title to the query. */
  titleSimilarity: 2,
  /** ln(1 + max(score, 0)): at equal text relevance the better-voted first. */
  votes: 0.05,
  solved: 0.05,
};

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
        `INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, head_tsv, snippet, indexed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9 / 1000.0), $10, ${WEIGHTED_VECTOR}, ${HEAD_VECTOR('$3', '$6::varchar[]')},
                 ${SNIPPET('$4', '$5')}, clock_timestamp())
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, body = EXCLUDED.body,
           answers = EXCLUDED.answers, tags = EXCLUDED.tags, solved = EXCLUDED.solved, score = EXCLUDED.score,
           created_at = EXCLUDED.created_at, url = EXCLUDED.url, tsv = EXCLUDED.tsv, head_tsv = EXCLUDED.head_tsv,
           snippet = EXCLUDED.snippet, indexed_at = EXCLUDED.indexed_at`,
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
   * One query: the documents with every word (the best-voted MAX_RANKED of them when a word is
   * common) and those whose title or tags share a rarer word, ranked on narrow rows (features of
   * the title-and-tags vector, the title's trigrams and votes; never the whole thread), the page
   * highlighted last. `any` leaves out the every-word branch: a suggestion is about titles. When
   * nothing matches at all, titles that are a near miss of the query (pg_trgm word similarity), so
   * a misspelt query still finds its question; an empty page after the last match ends the results.
   */
  async search(query: SearchQuery): Promise<SearchResults> {
    const text = cleanQuery(query.text);
    if (!text) return { total: 0, hits: [] };
    const common = await this.commonLexemes();
    let rows = await this.reads().query(...rankedPage({ ...query, text }, common));
    if (Number(rows[0]?.total ?? 0) === 0) rows = await this.reads().query(...nearMissPage({ ...query, text }));
    const page = rows.filter((row: RankedRow) => row.id !== null) as RankedRow[];
    return {
      total: Number(rows[0]?.total ?? 0),
      hits: page.map((row) => ({
        id: row.id!,
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

  /**
   * Lexemes in more than COMMON_SHARE of title-and-tags vectors, from ANALYZE's element statistics
   * (read at most every ten minutes; none before the first ANALYZE).
   */
  private common: { at: number; lexemes: Promise<string[]> } | undefined;
  private commonLexemes(): Promise<string[]> {
    if (!this.common || Date.now() - this.common.at > STATS_TTL_MS) {
      const lexemes = this.reads().query(
        `SELECT coalesce(array_agg(e.lexeme), '{}') AS lexemes
         FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs[1:array_length(s.most_common_elems, 1)]) AS e(lexeme, share)
         WHERE s.schemaname = current_schema() AND s.tablename = 'search_documents' AND s.attname = 'head_tsv' AND e.share > $1`,
        [COMMON_SHARE],
      ).then((rows: { lexemes: string[] }[]) => rows[0]?.lexemes ?? [], () => []);
      this.common = { at: Date.now(), lexemes };
    }
    return this.common.lexemes;
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

/** NUL and other control characters out (PostgreSQL text cannot hold NUL), whitespace squeezed, the length bounded. */
export const cleanQuery = (text: string) =>
  text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_CHARS);

export type Sql = [string, unknown[]];

function filtersOf(query: SearchQuery, params: unknown[]): string {
  const filters: string[] = [];
  if (query.kind) filters.push(`d.kind = $${params.push(query.kind)}`);
  if (query.tag) filters.push(`$${params.push(query.tag)} = ANY(d.tags)`);
  if (query.solved !== undefined) filters.push(`d.solved = $${params.push(query.solved)}`);
  return filters.map((f) => ` AND ${f}`).join('');
}

/** The page of hits, highlighted, beside the total (one row with a null id when the page is empty). */
function pageOf(limit: number, offset: number): string {
  return `, page AS (SELECT * FROM ranked ORDER BY exact DESC, rank DESC, score DESC, id LIMIT $${limit} OFFSET $${offset})
    SELECT d.id, d.kind, d.title, d.url, d.tags, d.solved, d.score, (SELECT count(*)::int FROM ranked) AS total,
      coalesce(ts_headline('english', d.title, q.any_word, '${HEADLINE}, HighlightAll=true'), d.title) AS title_hl,
      coalesce(ts_headline('english', d.snippet, q.any_word, '${HEADLINE}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "'), d.snippet) AS snippet
    FROM (SELECT 1) one CROSS JOIN q
    LEFT JOIN page ON true LEFT JOIN search_documents d ON d.id = page.id
    ORDER BY page.exact DESC, page.rank DESC, page.score DESC, page.id`;
}

/**
 * Candidates from two GIN indexes, each branch bounded: every word anywhere (the best-voted first,
 * as before), and any rarer word in the title or tags (the best title matches first). Each branch
 * computes its features from the row it reads, so the candidates stay narrow (carrying vectors or
 * bodies out of the scan spilled it to disk at a million posts).
 */
export function rankedPage(query: SearchQuery, common: string[]): Sql {
  const params: unknown[] = [query.text, common];
  const filters = filtersOf(query, params);
  const limit = params.push(query.limit);
  const offset = params.push(query.offset);
  const features = (every: string) => `d.id, d.score, d.solved, lower(d.title) = lower($1) AND d.kind <> 'answer' AS exact, ${every} AS all_words,
      ts_rank_cd(d.head_tsv, q.any_word, 1) AS head, similarity(d.title, $1) AS title_sim`;
  const everyWord = query.match === 'any' ? '' : `
    (SELECT ${features('true')} FROM search_documents d, q
     WHERE d.tsv @@ websearch_to_tsquery('english', $1)${filters}
     ORDER BY d.score DESC, d.id DESC LIMIT ${MAX_RANKED})
    UNION ALL`;
  const sql = `WITH words AS (SELECT lexeme FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme),
    q AS (SELECT (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words)::tsquery AS any_word,
      coalesce((SELECT string_agg(quote_literal(lexeme), ' | ') FROM words WHERE lexeme <> ALL($2::text[])),
               (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words))::tsquery AS rare_word,
      websearch_to_tsquery('english', $1) AS every_word),
    candidates AS (${everyWord}
    (SELECT ${features('d.head_tsv @@ q.every_word')} FROM search_documents d, q
     WHERE d.head_tsv @@ q.rare_word${filters}
     ORDER BY ts_rank_cd(d.head_tsv, q.any_word, 1) DESC, d.score DESC, d.id DESC LIMIT ${MAX_RANKED})),
    ranked AS (
      SELECT id, score, bool_or(exact) AS exact,
        ${RANKING.everyWord} * bool_or(all_words)::int + ${RANKING.head} * max(head) + ${RANKING.titleSimilarity} * max(title_sim)
          + ${RANKING.votes} * ln(1 + greatest(max(score), 0)) + ${RANKING.solved} * bool_or(solved)::int AS rank
      FROM candidates GROUP BY id, score
      ORDER BY exact DESC, rank DESC, score DESC, id LIMIT ${MAX_RANKED})${pageOf(limit, offset)}`;
  return [sql, params];
}

/** Titles that are a near miss of the query (the trigram index), for a query whose words match nothing. */
export function nearMissPage(query: SearchQuery): Sql {
  const params: unknown[] = [query.text];
  const filters = filtersOf(query, params);
  const limit = params.push(query.limit);
  const offset = params.push(query.offset);
  const sql = `WITH q AS (SELECT (SELECT string_agg(quote_literal(lexeme), ' | ') FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme)::tsquery AS any_word),
    ranked AS (
      SELECT d.id, d.score, false AS exact, word_similarity($1, d.title) + ${RANKING.votes} * ln(1 + greatest(d.score, 0)) AS rank
      FROM search_documents d WHERE $1 <% d.title${filters}
      ORDER BY rank DESC, d.score DESC, d.id LIMIT ${MAX_RANKED})${pageOf(limit, offset)}`;
  return [sql, params];
}
