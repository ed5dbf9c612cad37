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
  /** How many lexemes the query has (ranked page only). */
  lexemes: number | null;
}

/** Matches ranked per query, at most (the total reported stops there too), as Meilisearch's maxTotalHits. */
export const MAX_RANKED = 300;
/** A query longer than this is cut (the API allows 200 characters; the port may be called directly). */
const MAX_QUERY_CHARS = 400;
/**
 * A word finds candidates by itself only when it is in fewer than this share of titles and tags
 * (PostgreSQL's element statistics): common words alone would make every document a candidate.
 * They still count in ranking. When no word is that rare, the rarest does.
 */
export const RARE = {
  headShare: 0.05,
  /** Words this rare anywhere (share of whole documents) also find candidates in bodies and answers, the best-voted first. */
  bodyShare: 0.03,
  bodyCandidates: 100,
};
/** The share assumed for every word before the first ANALYZE. */
const NO_STATS_SHARE = 0.001;
/** Candidates ranked per branch (every word; rarer words) for the search page, and for suggestions. */
const SUGGESTION_CANDIDATES = 200;
/** Candidates also ranked by how much of the query their whole thread covers. */
export const RERANK = { places: 40 };

export interface WordStats {
  head: { lexemes: string[]; shares: number[]; floor: number };
  body: { lexemes: string[]; shares: number[]; floor: number };
}
const STATS_TTL_MS = 10 * 60_000;

/**
 * The ranking, one place: weights of what a candidate has (all between 0 and 1 but the prior).
 * Tuned with `npm run bench -- --relevance` on the shared Stack Exchange dumps (docs/search.md).
 */
export const RANKING = {
  /** Every word of the query in the document (title, tags, body or answers). */
  everyWord: 1,
  /** The share of the query's words (weighted by rarity, idf) in the title and tags. */
  head: 1,
  /** The share of the query's words (weighted by rarity) anywhere in the thread (for the best RERANK.places candidates). */
  body: 1,
  /** Trigram similarity of the whole title to the query. */
  titleSimilarity: 0.5,
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

  async remove(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const [{ removed }] = await this.dataSource.query('WITH gone AS (DELETE FROM search_documents WHERE id = ANY($1) RETURNING 1) SELECT count(*)::int AS removed FROM gone', [ids]);
    return removed;
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
    let rows = await this.reads().query(...rankedPage({ ...query, text }, await this.wordStats()));
    // Near misses only for words that matched nothing (a query of stop words has no near misses worth reading titles for).
    if (Number(rows[0]?.total ?? 0) === 0 && rows[0]?.lexemes > 0) rows = await this.reads().query(...nearMissPage({ ...query, text }));
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
   * How common words are, from ANALYZE's element statistics of the two vectors (the 1,000 or so
   * most common lexemes each, with the share of documents holding them; rarer ones count as half
   * the rarest listed). Read at most every ten minutes; before the first ANALYZE every word is rare.
   */
  private stats: { at: number; value: Promise<WordStats> } | undefined;
  wordStats(): Promise<WordStats> {
    if (!this.stats || Date.now() - this.stats.at > STATS_TTL_MS) {
      const value = this.reads().query(
        `SELECT s.attname AS vector, s.most_common_elems::text::text[] AS lexemes, s.most_common_elem_freqs AS shares
         FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = 'search_documents' AND s.attname IN ('head_tsv', 'tsv')`,
      ).then((rows: { vector: string; lexemes: string[] | null; shares: number[] | null }[]) => {
        const of = (vector: string) => {
          const row = rows.find((r) => r.vector === vector);
          const n = row?.lexemes?.length ?? 0;
          return { lexemes: row?.lexemes ?? [], shares: (row?.shares ?? []).slice(0, n), floor: n ? row!.shares![n]! / 2 : NO_STATS_SHARE };
        };
        return { head: of('head_tsv'), body: of('tsv') };
      }, () => ({ head: { lexemes: [], shares: [], floor: NO_STATS_SHARE }, body: { lexemes: [], shares: [], floor: NO_STATS_SHARE } }));
      this.stats = { at: Date.now(), value };
    }
    return this.stats.value;
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
function pageOf(limit: number, offset: number, lexemes = 'NULL::int'): string {
  return `, page AS (SELECT * FROM ranked ORDER BY exact DESC, rank DESC, score DESC, id LIMIT $${limit} OFFSET $${offset})
    SELECT d.id, d.kind, d.title, d.url, d.tags, d.solved, d.score, (SELECT count(*)::int FROM ranked) AS total, ${lexemes} AS lexemes,
      coalesce(ts_headline('english', d.title, q.any_word, '${HEADLINE}, HighlightAll=true'), d.title) AS title_hl,
      coalesce(ts_headline('english', d.snippet, q.any_word, '${HEADLINE}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "'), d.snippet) AS snippet
    FROM (SELECT 1) one CROSS JOIN q
    LEFT JOIN page ON true LEFT JOIN search_documents d ON d.id = page.id
    ORDER BY page.exact DESC, page.rank DESC, page.score DESC, page.id`;
}

/**
 * Candidates from two GIN indexes, each branch bounded: every word anywhere (the best-voted first;
 * search only), any of the query's rarer words in the title or tags of a question or article (the
 * best title matches first), and the rarest words anywhere (the best-voted first). The branches carry ids only. Every candidate is ranked on its narrow row (the title-and-
 * tags vector, the title's trigrams, votes); then the best RERANKED of them also by how much of the
 * query their whole thread covers, the one feature that reads the full vector (a thread's worth of
 * lexemes: reading it for every candidate cost 0.1 ms each). Words are weighted by rarity (idf from
 * the statistics), so "quantum" on a quantum-computing site counts for little and "postselection"
 * for much.
 */
export function rankedPage(query: SearchQuery, stats: WordStats): Sql {
  const params: unknown[] = [query.text, stats.head.lexemes, stats.head.shares, stats.head.floor, stats.body.lexemes, stats.body.shares, stats.body.floor];
  const filters = filtersOf(query, params);
  const limit = params.push(query.limit);
  const offset = params.push(query.offset);
  const cap = query.match === 'any' ? SUGGESTION_CANDIDATES : MAX_RANKED;
  const everyWord = query.match === 'any' ? '' : `
    (SELECT d.id, true AS all_words FROM search_documents d
     WHERE d.tsv @@ websearch_to_tsquery('english', $1)${filters}
     ORDER BY d.score DESC, d.id DESC LIMIT ${cap})
    UNION ALL`;
  // A query of common words only: also the best-voted titles with any of them (a walk of the score
  // index, stopped early), since ranking every title with a common word costs too much, and a
  // search of common words that never meet must not fall through to the (slow) near misses.
  const commonOnly = `
    (SELECT d.id, false AS all_words FROM search_documents d, q
     WHERE q.rare_word IS NULL AND d.head_tsv @@ q.any_word AND d.kind <> 'answer'${filters}
     ORDER BY d.score DESC, d.id DESC LIMIT ${cap})
    UNION ALL`;
  const sql = `WITH words AS (
      SELECT w.lexeme, ln(1 / coalesce(h.share, $4)) AS idf, coalesce(h.share, $4) AS head_share, coalesce(b.share, $7) AS body_share
      FROM (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme) w
      LEFT JOIN unnest($2::text[], $3::float8[]) AS h(lexeme, share) ON h.lexeme = w.lexeme
      LEFT JOIN unnest($5::text[], $6::float8[]) AS b(lexeme, share) ON b.lexeme = w.lexeme),
    q AS (SELECT (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words)::tsquery AS any_word,
      (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words WHERE head_share < ${RARE.headShare})::tsquery AS rare_word,
      (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words WHERE body_share < ${RARE.bodyShare})::tsquery AS rarest_word,
      (SELECT sum(idf) FROM words) AS total_idf),
    candidates AS (${everyWord}
    (SELECT d.id, false AS all_words FROM search_documents d, q
     WHERE d.head_tsv @@ q.rare_word AND d.kind <> 'answer'${filters}
     ORDER BY ts_rank_cd(d.head_tsv, q.rare_word) DESC, d.score DESC, d.id DESC LIMIT ${cap})
    UNION ALL${commonOnly}
    (SELECT d.id, false AS all_words FROM search_documents d, q
     WHERE d.tsv @@ q.rarest_word${filters}
     ORDER BY d.score DESC, d.id DESC LIMIT ${RARE.bodyCandidates})),
    ids AS (SELECT id, bool_or(all_words) AS all_words FROM candidates GROUP BY id),
    narrow AS (
      SELECT d.id, d.score, i.all_words, lower(d.title) = lower($1) AND d.kind <> 'answer' AS exact,
        ${RANKING.everyWord + RANKING.body} * i.all_words::int + ${RANKING.head} * cover.head
          + ${RANKING.titleSimilarity} * similarity(d.title, $1) + ${RANKING.votes} * ln(1 + greatest(d.score, 0)) + ${RANKING.solved} * d.solved::int AS rank
      FROM ids i JOIN search_documents d ON d.id = i.id CROSS JOIN q
      CROSS JOIN LATERAL (SELECT tsvector_to_array(d.head_tsv) AS lexemes) v
      CROSS JOIN LATERAL (SELECT coalesce(sum(idf) FILTER (WHERE lexeme = ANY(v.lexemes)), 0) / q.total_idf AS head FROM words) cover
      ORDER BY exact DESC, rank DESC, d.score DESC, d.id LIMIT ${MAX_RANKED}),
    ranked AS (
      SELECT n.id, n.score, n.exact, n.rank + ${RANKING.body} * coalesce(thread.cover, 0) AS rank
      FROM (SELECT *, row_number() OVER (ORDER BY exact DESC, rank DESC, score DESC, id) AS place FROM narrow) n CROSS JOIN q
      LEFT JOIN LATERAL (
        SELECT coalesce(sum(w.idf) FILTER (WHERE w.lexeme = ANY(v.lexemes)), 0) / q.total_idf AS cover
        FROM (SELECT tsvector_to_array(d.tsv) AS lexemes FROM search_documents d WHERE d.id = n.id) v, words w
        WHERE n.place <= ${RERANK.places} AND NOT n.all_words) thread ON true)${pageOf(limit, offset, '(SELECT count(*)::int FROM words)')}`;
  return [sql, params];
}

/** Titles of questions and articles that are a near miss of the query (the trigram index), for a query whose words match nothing. */
export function nearMissPage(query: SearchQuery): Sql {
  const params: unknown[] = [query.text];
  const filters = filtersOf(query, params);
  const limit = params.push(query.limit);
  const offset = params.push(query.offset);
  const sql = `WITH q AS (SELECT (SELECT string_agg(quote_literal(lexeme), ' | ') FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme)::tsquery AS any_word),
    ranked AS (
      SELECT d.id, d.score, false AS exact, word_similarity($1, d.title) + ${RANKING.votes} * ln(1 + greatest(d.score, 0)) AS rank
      FROM search_documents d WHERE $1 <% d.title AND d.kind <> 'answer'${filters}
      ORDER BY rank DESC, d.score DESC, d.id LIMIT ${MAX_RANKED})${pageOf(limit, offset)}`;
  return [sql, params];
}
