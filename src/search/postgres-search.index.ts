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
 * How many documents a branch may read for one word, at most (estimated from ANALYZE's statistics):
 * a word in fewer titles than `titleMatches` finds candidates by itself in the title-and-tags index,
 * one in fewer documents than `bodyMatches` in the full text (the best-voted `bodyCandidates`).
 * Commoner words still count in ranking; a query of common words only walks the best-voted titles
 * that hold any of them (short, since they are common). Counts, not shares: what a query reads
 * stays the same however large the community grows.
 */
export const RARE = {
  titleMatches: 2_000,
  /** The rarest title words that find candidates, at most. */
  titleWords: 3,
  bodyMatches: 1_000,
  bodyCandidates: 100,
  /**
   * Matches of every word read and sorted by votes, at most: beyond it the best-voted are found by
   * walking the score index instead, which reads fewer rows the commoner the words are. Full-text
   * rows are wide, so there the words must be this rare or it is titles only.
   */
  sortedMatches: { titles: 10_000, documents: 3_000 },
  /**
   * Every word is looked for in the full text only when the rarest of them is in at most this many
   * documents: the GIN index reads each posting of the rarest word (and the rows it finds), tens of
   * milliseconds at 50,000; commoner words are looked for in titles.
   */
  documentScan: 5_000,
};
/** The share assumed for every word before the first ANALYZE. */
const NO_STATS_SHARE = 0.001;
/** Candidates per branch for suggestions (five are shown; the search page takes MAX_RANKED). */
const SUGGESTION_CANDIDATES = 100;
/** Candidates also ranked by how much of the query their whole thread covers. */
export const RERANK = { places: 40 };

export interface WordStats {
  /** Rows of the index and of its narrow title table (ANALYZE's estimates). */
  documents: number;
  titles: number;
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
    const reads = this.reads();
    let rows = await reads.query(...(await rankedPage(reads, { ...query, text }, await this.wordStats())));
    // Near misses only for words that matched nothing (a query of stop words has no near misses worth reading titles for).
    if (Number(rows[0]?.total ?? 0) === 0 && rows[0]?.lexemes > 0) rows = await reads.query(...nearMissPage({ ...query, text }));
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
        `SELECT s.attname AS vector, s.most_common_elems::text::text[] AS lexemes, s.most_common_elem_freqs AS shares,
           (SELECT greatest(c.reltuples, 0)::float8 FROM pg_class c WHERE c.oid = 'search_documents'::regclass) AS documents,
           (SELECT greatest(c.reltuples, 0)::float8 FROM pg_class c WHERE c.oid = 'search_heads'::regclass) AS titles
         FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = 'search_documents' AND s.attname IN ('head_tsv', 'tsv')`,
      ).then((rows: { vector: string; lexemes: string[] | null; shares: number[] | null; documents: number; titles: number }[]) => {
        const of = (vector: string) => {
          const row = rows.find((r) => r.vector === vector);
          const n = row?.lexemes?.length ?? 0;
          return { lexemes: row?.lexemes ?? [], shares: (row?.shares ?? []).slice(0, n), floor: n ? row!.shares![n]! / 2 : NO_STATS_SHARE };
        };
        return { documents: rows[0]?.documents ?? 0, titles: rows[0]?.titles ?? 0, head: of('head_tsv'), body: of('tsv') };
      }, () => ({ documents: 0, titles: 0, head: { lexemes: [], shares: [], floor: NO_STATS_SHARE }, body: { lexemes: [], shares: [], floor: NO_STATS_SHARE } }));
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
  if (query.kind) filters.push(`d.kind = $${params.push(query.kind)}::varchar`);
  if (query.tag) filters.push(`$${params.push(query.tag)}::varchar = ANY(d.tags)`);
  if (query.solved !== undefined) filters.push(`d.solved = $${params.push(query.solved)}::boolean`);
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

/** A word of the query: its weight (rarer weighs more) and the share of titles and of documents that hold it (estimated). */
export interface QueryWord {
  lexeme: string;
  idf: number;
  titleShare: number;
  documentShare: number;
}

/** The query's words and the size of the index, all the ranked page's shape depends on. */
export interface QueryPlan {
  words: QueryWord[];
  documents: number;
  titles: number;
}

/** Each vector's statistics as a lookup, made once per reading of the statistics rather than per query. */
const lookups = new WeakMap<WordStats['head'], Map<string, number>>();
function sharesByLexeme(of: WordStats['head']): Map<string, number> {
  let shares = lookups.get(of);
  if (!shares) lookups.set(of, (shares = new Map(of.lexemes.map((lexeme, i) => [lexeme, of.shares[i]!]))));
  return shares;
}

/** The query's words as PostgreSQL's English configuration makes them, weighed with the statistics. */
export async function queryPlan(db: Pick<DataSource, 'query'>, text: string, stats: WordStats): Promise<QueryPlan> {
  const [{ lexemes }] = await db.query(`SELECT coalesce(array_agg(DISTINCT l), '{}') AS lexemes FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS l`, [text]);
  const shareIn = (of: WordStats['head']) => {
    const shares = sharesByLexeme(of);
    return (lexeme: string) => shares.get(lexeme) ?? of.floor;
  };
  const head = shareIn(stats.head);
  const body = shareIn(stats.body);
  const words = (lexemes as string[]).map((lexeme) => ({ lexeme, idf: Math.log(1 / head(lexeme)), titleShare: head(lexeme), documentShare: body(lexeme) }));
  return { words, documents: stats.documents, titles: stats.titles };
}

/** A tsquery matching any (or every) of the words, as text (each lexeme quoted). */
const anyOf = (words: QueryWord[], operator = '|') => words.map((w) => `'${w.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(` ${operator} `);
/** Words are taken as independent: the share holding every one of them. */
const shareOfAll = (shares: number[]) => shares.reduce((product, share) => product * share, 1);

/** The SQL of one ranked page (its words read first: which branches run depends on how common they are). */
export async function rankedPage(db: Pick<DataSource, 'query'>, query: SearchQuery, stats: WordStats): Promise<Sql> {
  return rankedPageOf(query, await queryPlan(db, query.text, stats));
}

/**
 * Candidates from GIN indexes and best-voted walks, each branch bounded by how many rows it may
 * read, never by a share of the community: every word anywhere (the best-voted first; search
 * only), the rarer words in the titles and tags of questions and articles (`search_heads`, the
 * narrow table; the best title matches first), the rarest words anywhere (the best-voted first),
 * and for a query of common words only, the best-voted titles with any of them. The branches carry
 * ids only and exist only when they can find something (decided here, from the statistics, so the
 * planner sees each word and plans for its real frequency). Every candidate is ranked on its narrow
 * row (the title-and-tags vector, the title's trigrams, votes); then the best RERANK.places of them
 * also by how much of the query their whole thread covers, the one feature that reads the full
 * vector. Words weigh by rarity (idf), so "quantum" on a quantum-computing site counts for little
 * and "postselection" for much.
 */
export function rankedPageOf(query: SearchQuery, { words, documents, titles }: QueryPlan): Sql {
  const params: unknown[] = [query.text, words.map((w) => w.lexeme), words.map((w) => w.idf)];
  const filters = filtersOf(query, params);
  const limit = params.push(query.limit);
  const offset = params.push(query.offset);
  const cap = query.match === 'any' ? SUGGESTION_CANDIDATES : MAX_RANKED;
  const byRarity = [...words].sort((a, b) => a.titleShare - b.titleShare);
  const titleWords = byRarity.filter((w) => w.titleShare * titles <= RARE.titleMatches).slice(0, RARE.titleWords);
  const bodyWords = words.filter((w) => w.documentShare * documents <= RARE.bodyMatches);
  const branches: string[] = [];
  // Few enough matches are read and sorted by votes (\`score + 0\` keeps the planner off the score
  // index); many are walked down the score index, which stops after the best-voted few.
  const byVotes = (matches: number, limit: number) => (matches <= limit ? 'd.score + 0 DESC, d.id DESC' : 'd.score DESC, d.id DESC');
  // Each title word's list, best-voted first (\`search_title_words\`), serves every query but those
  // filtered by tag, which the list does not carry: theirs read the title GIN index instead.
  const byWordList = !query.tag;
  /** The head of one word's list: its best-voted titles. */
  const bestVotedWith = (lexeme: string) => `SELECT d.id, d.score FROM search_title_words d WHERE d.lexeme = ${lexeme}${filters}
        ORDER BY d.score DESC, d.id DESC LIMIT ${cap}`;
  if (query.match !== 'any' && words.length === 1 && byWordList && words[0]!.documentShare * documents > RARE.documentScan) {
    branches.push(`(SELECT d.id, true AS all_words, NULL::float8 AS cover FROM (${bestVotedWith(`$${params.push(words[0]!.lexeme)}::text`)}) d)`);
  } else if (query.match !== 'any' && words.length) {
    const inDocuments = shareOfAll(words.map((w) => w.documentShare)) * documents;
    const inTitles = shareOfAll(words.map((w) => w.titleShare)) * titles;
    const rarest = Math.min(...words.map((w) => w.documentShare)) * documents;
    branches.push(inDocuments <= RARE.sortedMatches.documents && rarest <= RARE.documentScan
      ? `(SELECT d.id, true AS all_words, NULL::float8 AS cover FROM search_documents d
      WHERE d.tsv @@ $${params.push(anyOf(words, '&'))}::tsquery${filters}
      ORDER BY ${byVotes(0, 1)} LIMIT ${cap})`
      // Common words everywhere: the best-voted titles that hold them all; the threads' coverage reranks.
      : `(SELECT d.id, true AS all_words, NULL::float8 AS cover FROM search_heads d
      WHERE d.head_tsv @@ $${params.push(anyOf(words, '&'))}::tsquery${filters}
      ORDER BY ${byVotes(inTitles, RARE.sortedMatches.titles)} LIMIT ${cap})`);
  }
  if (titleWords.length && byWordList) {
    // The titles holding the most (by rarity) of these words first, from their lists.
    branches.push(`(SELECT d.id, false AS all_words, NULL::float8 AS cover
      FROM unnest($${params.push(titleWords.map((w) => w.lexeme))}::text[], $${params.push(titleWords.map((w) => w.idf))}::float8[]) AS w(lexeme, idf)
      JOIN search_title_words d ON d.lexeme = w.lexeme${filters}
      GROUP BY d.id ORDER BY sum(w.idf) DESC, max(d.score) DESC, d.id DESC LIMIT ${cap})`);
  } else if (titleWords.length) {
    // The titles holding the most (by rarity) of these words first: a lookup per word, cheaper than ts_rank_cd.
    const held = titleWords.map((w) => `${w.idf.toFixed(3)} * (d.head_tsv @@ $${params.push(anyOf([w]))}::tsquery)::int`).join(' + ');
    branches.push(`(SELECT d.id, false AS all_words, NULL::float8 AS cover FROM search_heads d
      WHERE d.head_tsv @@ $${params.push(anyOf(titleWords))}::tsquery${filters}
      ORDER BY ${held} DESC, d.score DESC, d.id DESC LIMIT ${cap})`);
  } else if (words.length > 1 || query.match === 'any') {
    // Common words only: the best-voted titles with any of them, a walk of the score index that
    // stops early because they are common (ranking every title that holds one would not). A search
    // of one word has them already, from the every-word branch.
    branches.push(byWordList
      ? `(SELECT d.id, false AS all_words, NULL::float8 AS cover FROM unnest($${params.push(words.map((w) => w.lexeme))}::text[]) AS w(lexeme)
      CROSS JOIN LATERAL (${bestVotedWith('w.lexeme')}) d
      GROUP BY d.id ORDER BY max(d.score) DESC, d.id DESC LIMIT ${cap})`
      : `(SELECT d.id, false AS all_words, NULL::float8 AS cover FROM search_heads d
      WHERE d.head_tsv @@ $${params.push(anyOf(words))}::tsquery${filters}
      ORDER BY ${byVotes((1 - shareOfAll(words.map((w) => 1 - w.titleShare))) * titles, RARE.sortedMatches.titles)} LIMIT ${cap})`);
  }
  if (bodyWords.length) {
    // The threads covering most of the query first: a rare word of a long title may be the one that matters.
    branches.push(`(SELECT d.id, false AS all_words, ${threadCover('d.tsv')} AS cover FROM search_documents d
      WHERE d.tsv @@ $${params.push(anyOf(bodyWords))}::tsquery${filters}
      ORDER BY cover DESC, d.score DESC, d.id DESC LIMIT ${RARE.bodyCandidates})`);
  }
  // The question asked by its exact title, however common its words (an index probe).
  branches.push(`(SELECT d.id, false AS all_words, NULL::float8 AS cover FROM search_heads d WHERE lower(d.title) = lower($1)${filters} LIMIT ${cap})`);
  const sql = `WITH words AS (SELECT lexeme, idf, quote_literal(lexeme)::tsquery AS query FROM unnest($2::text[], $3::float8[]) AS w(lexeme, idf)),
    q AS (SELECT (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words)::tsquery AS any_word, (SELECT sum(idf) FROM words) AS total_idf),
    candidates AS (${branches.join('\n    UNION ALL ')}),
    ids AS (SELECT id, bool_or(all_words) AS all_words, max(cover) AS cover FROM candidates GROUP BY id),
    narrow AS (
      SELECT i.id, r.score, i.all_words, i.cover, lower(r.title) = lower($1) AND r.kind <> 'answer' AS exact,
        ${RANKING.everyWord + RANKING.body} * i.all_words::int + ${RANKING.head} * cover.head
          + ${RANKING.titleSimilarity} * similarity(r.title, $1) + ${RANKING.votes} * ln(1 + greatest(r.score, 0)) + ${RANKING.solved} * r.solved::int AS rank
      FROM ids i CROSS JOIN q
      LEFT JOIN search_heads h ON h.id = i.id
      LEFT JOIN LATERAL (SELECT a.kind, a.title, a.head_tsv, a.score, a.solved FROM search_documents a WHERE a.id = i.id AND h.id IS NULL LIMIT 1) a ON true
      CROSS JOIN LATERAL (SELECT coalesce(h.kind, a.kind) AS kind, coalesce(h.title, a.title) AS title, coalesce(h.head_tsv, a.head_tsv) AS head_tsv,
        coalesce(h.score, a.score) AS score, coalesce(h.solved, a.solved) AS solved) r
      CROSS JOIN LATERAL (SELECT coalesce(sum(idf) FILTER (WHERE r.head_tsv @@ query), 0) / q.total_idf AS head FROM words) cover
      ORDER BY exact DESC, rank DESC, r.score DESC, i.id LIMIT ${MAX_RANKED}),
    ranked AS (
      SELECT n.id, n.score, n.exact,
        n.rank + ${RANKING.body} * coalesce(n.cover, thread.cover, 0) AS rank
      FROM (SELECT *, row_number() OVER (ORDER BY exact DESC, rank DESC, score DESC, id) AS place FROM narrow) n CROSS JOIN q
      /* LIMIT 1 keeps the subquery whole, so the conditions on n gate it (a one-time filter): flattened
         into a join, they filtered its rows only after every candidate's thread had been read. */
      LEFT JOIN LATERAL (
        SELECT ${threadCover('d.tsv')} AS cover FROM search_documents d
        WHERE d.id = n.id AND n.place <= ${RERANK.places} AND NOT n.all_words AND n.cover IS NULL LIMIT 1) thread ON true)${pageOf(limit, offset, `${words.length}`)}`;
  return [sql, params];
}

/**
 * The share of the query's words (weighted by rarity) anywhere in a document's thread, read from
 * its full vector: out of TOAST once (\`|| ''\` behind OFFSET 0), not once per word.
 */
const threadCover = (tsv: string) => `(SELECT coalesce(sum(w.idf) FILTER (WHERE v.tsv @@ w.query), 0) / (SELECT total_idf FROM q)
  FROM (SELECT ${tsv} || ''::tsvector AS tsv OFFSET 0) v, words w)`;

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
