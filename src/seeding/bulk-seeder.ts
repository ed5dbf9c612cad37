import type { DataSource } from 'typeorm';
import { DEFAULT_RULES } from '../reputation/reputation.rules.js';
import { RECOUNT_EARNED_TODAY } from '../reputation/reputation.service.js';
import { HEAD_VECTOR, SNIPPET } from '../search/postgres-search.index.js';
import { builtInCorpus, type Corpus } from './corpus.js';

export interface BulkSeedOptions {
  posts: number;
  seed: number;
  /** Hash of the one password every seeded member shares (hashed once by the caller). */
  passwordHash: string;
  onStep?: (step: string, done: number, total: number) => void;
  /** What titles, bodies and tags are drawn from (default: the built-in support vocabulary). */
  corpus?: Corpus;
}

const TAGS = 200;
/** Seeded bodies are strings of sentences drawn from a pool of this many, each drawn word by word from the corpus. */
const SENTENCES = 100_000;
/**
 * `length` consecutive entries of `table` from a start drawn for row `g`: a hash (deterministic for
 * the seed, and usable in an index condition where random() is not), so each is one index range scan.
 */
const runOf = (table: string, column: string, separator: string, g: string, length: string, size: number) =>
  `SELECT string_agg(${column}, ${separator} ORDER BY n) AS text FROM ${table}
   WHERE n >= (abs(hashint8extended((${g})::bigint, $seed)) % ${size - 64})::int AND n < (abs(hashint8extended((${g})::bigint, $seed)) % ${size - 64})::int + ${length}`;

/** A deterministic shuffle (xorshift, Fisher–Yates). */
function shuffled<T>(values: T[], seed: number): T[] {
  const out = [...values];
  let state = (seed * 2_654_435_761 + 1) >>> 0 || 1;
  const next = () => ((state ^= state << 13), (state ^= state >>> 17), (state ^= state << 5), (state >>> 0) / 2 ** 32);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** SENTENCES sentences of 6 to 15 words, each word drawn with its frequency in the corpus. */
function sentencePool(words: string[], seed: number): string[] {
  const order = shuffled(words, seed + 1);
  const pool: string[] = [];
  for (let s = 0, at = 0; s < SENTENCES; s++) {
    const length = 6 + (s % 10);
    const sentence: string[] = [];
    for (let j = 0; j < length; j++, at++) sentence.push(order[at % order.length]!);
    pool.push(sentence.join(' '));
  }
  return pool;
}

/**
 * Per post, what happens to it, drawn once: `votes` (0 for 55% of posts, else 1..6, mostly 1),
 * `down` of them downvotes (each vote 10%), a `stride` that spreads its voters over the members,
 * and whether (and by whom) it is commented. Every derived number is computed from this plan.
 * Selected from a subquery `draw` that has `g` and the post's `author_n`.
 */
const planColumns = (members: string) => `
  CASE WHEN random() < 0.45 THEN 1 + floor(6 * power(random(), 3))::int ELSE 0 END AS votes,
  random() AS stride_r, random() < 0.3 AS commented, 1 + floor(${members} * random())::int AS commenter_n`;
/** The rest of the plan, in a query over `draw`: down, stride (k·stride < members, so k distinct voters, none the author), score. */
const planFinish = (members: string) => `
  draw.votes, d.down, draw.votes - 2 * d.down AS score,
  1 + floor(draw.stride_r * ((${members}::int - 1) / greatest(draw.votes, 1)))::int AS stride,
  draw.commented, draw.commenter_n`;
const planDown = `CROSS JOIN LATERAL (SELECT count(*)::int AS down FROM generate_series(1, draw.votes) WHERE random() < 0.1) d`;
/** The next id of a table's identity column (the sequence looked up once per statement, not per row). */
const nextId = (table: string) => `nextval((SELECT pg_get_serial_sequence('${table}', 'id')::regclass))`;

/**
 * Fills the database with a realistic community of `posts` posts using PostgreSQL's bulk paths.
 * Everything is planned first in temporary tables (no indexes, dropped at commit): each post with
 * its id taken from the posts sequence, its votes, comment and acceptance; then every live table
 * is written once, with its final values — no UPDATE pass over posts, whose many indexes make
 * each updated row cost as much as a new one. Votes are generated from the plan, so each score is
 * exactly the sum of its votes; the ledger, balances, counts and search documents come from the
 * same plan, so the app's invariants hold (`reputation:verify` passes). Deterministic for a given
 * seed; safe to run again on the same database (each run's members carry their own prefix) and
 * while the app runs (it only inserts, plus one UPDATE of its own new members and of the tags).
 */
export async function bulkSeed(dataSource: DataSource, options: BulkSeedOptions): Promise<{ users: number; questions: number; answers: number }> {
  const questions = Math.max(1, Math.round(options.posts / 5));
  const answers = Math.max(0, options.posts - questions);
  const users = Math.max(10, Math.round(options.posts / 20));
  const run = `s${options.seed}x${Date.now().toString(36)}`;
  const rules = DEFAULT_RULES;
  const corpus = options.corpus ?? builtInCorpus();
  const tagName = (index: string) => `coalesce(($4::text[])[${index}], 'topic-' || ${index})`;
  const steps: [string, string, unknown[]][] = [];
  const step = (name: string, sql: string, params: unknown[] = []) => steps.push([name, sql, params]);

  // A power curve picks authors and tags: a few members and tags carry most of the activity (Zipf-like).
  step('members', `
    INSERT INTO users (username, email, password_hash, role, reputation, created_at)
    SELECT '${run}_' || g, '${run}_' || g || '@seed.answerbase.test', $1, 'member', 1,
           now() - interval '4 years' * random()
    FROM generate_series(1, $2) g`, [options.passwordHash, users]);
  step('seed map', `CREATE TEMP TABLE seed_users ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM users WHERE username LIKE '${run}\\_%'`);
  // Temporary tables have no statistics until analysed (autovacuum never sees them), and a join
  // planned without them can go badly wrong at a million rows.
  step('seed map: statistics', `ANALYZE seed_users`);
  // The corpus as indexed tables: words as often as they occur in it, and sentences drawn from them.
  // The corpus as indexed tables: title words shuffled (a run of them is a draw from their frequencies),
  // and a pool of sentences drawn word by word; a title is one run, a body a run of sentences.
  step('corpus: title words', `CREATE TEMP TABLE seed_title_words ON COMMIT DROP AS SELECT (n - 1)::int AS n, word FROM unnest($1::text[]) WITH ORDINALITY AS w(word, n)`, [shuffled(corpus.titleWords, options.seed)]);
  step('corpus: sentences', `CREATE TEMP TABLE seed_sentences ON COMMIT DROP AS SELECT (n - 1)::int AS n, text FROM unnest($1::text[]) WITH ORDINALITY AS s(text, n)`, [sentencePool(corpus.bodyWords, options.seed)]);
  step('corpus: indexes', `ALTER TABLE seed_title_words ADD PRIMARY KEY (n)`);
  step('corpus: indexes', `ALTER TABLE seed_sentences ADD PRIMARY KEY (n)`);
  step('corpus: statistics', `ANALYZE seed_title_words, seed_sentences`);
  step('tags', `
    INSERT INTO tags (name, question_count) SELECT coalesce(($1::text[])[g], 'topic-' || g), 0 FROM generate_series(1, ${TAGS}) g
    ON CONFLICT (name) DO NOTHING`, [corpus.tags.slice(0, TAGS)]);
  // The plan: one row per post, ids reserved from the posts identity sequence (concurrent inserts
  // by the app simply take other numbers). Questions first, then answers, as the app would have them.
  step('plan: questions', `CREATE TEMP TABLE seed_posts ON COMMIT DROP AS
    SELECT ${nextId('posts')}::int AS id, 'question'::varchar(10) AS type, draw.g AS n,
           NULL::int AS parent_id, draw.author_n, u.id AS author_id, draw.title, left(trim(BOTH '-' FROM regexp_replace(lower(draw.title), '[^a-z0-9]+', '-', 'g')), 80) AS slug,
           draw.body, draw.tags, draw.view_count, draw.at AS created_at, ${planFinish('$2')}
    FROM (
      SELECT g, left(upper(left(t.text, 1)) || substr(t.text, 2), 140) || CASE WHEN g % 3 = 0 THEN '?' ELSE '' END AS title, b.text AS body,
        (SELECT array_agg(DISTINCT ${tagName(`(1 + floor(${TAGS} * power(random(), 2.5))::int)`)})::varchar[] FROM generate_series(1, 1 + (g % 3))) AS tags,
        now() - interval '4 years' * power(random(), 1.5) AS at,
        1 + floor($2 * power(random(), 3))::int AS author_n,
        floor(random() * 2000)::int AS view_count, ${planColumns('$2')}
      FROM (SELECT g, ($5::int[])[1 + g % array_length($5::int[], 1)] AS title_len, ($6::int[])[1 + (g * 7) % array_length($6::int[], 1)] AS body_len
            FROM generate_series(1, $1) g) base
      CROSS JOIN LATERAL (${runOf('seed_title_words', 'word', "' '", 'base.g', 'base.title_len', corpus.titleWords.length)}) t
      CROSS JOIN LATERAL (${runOf('seed_sentences', 'text', "'. '", 'base.g + 7777777', 'greatest(1, base.body_len / 10)', SENTENCES)}) b
    ) draw ${planDown}
    JOIN seed_users u ON u.n = draw.author_n`.replaceAll('$seed', '$3'), [questions, users, options.seed, corpus.tags.slice(0, TAGS), corpus.titleLengths, corpus.questionLengths]);
  step('plan: statistics', `ANALYZE seed_posts`);
  step('plan: answers', `
    INSERT INTO seed_posts (id, type, n, parent_id, author_n, author_id, body, view_count, created_at, votes, down, score, stride, commented, commenter_n)
    SELECT ${nextId('posts')}::int, 'answer', draw.g, q.id, draw.author_n, u.id, draw.body, 0,
           q.created_at + (now() - q.created_at) * power(draw.r, 4), ${planFinish('$2')}
    FROM (
      SELECT base.g AS g, 1 + floor($4 * power(random(), 1.3))::int AS q_n,
        1 + floor($2 * power(random(), 3))::int AS author_n,
        b.text AS body, random() AS r, ${planColumns('$2')}
      FROM (SELECT g, ($5::int[])[1 + (g * 13) % array_length($5::int[], 1)] AS body_len FROM generate_series(1, $1) g) base
      CROSS JOIN LATERAL (${runOf('seed_sentences', 'text', "'. '", 'base.g + 99999999', 'greatest(1, base.body_len / 10)', SENTENCES)}) b
    ) draw ${planDown}
    JOIN seed_posts q ON q.type = 'question' AND q.n = draw.q_n
    JOIN seed_users u ON u.n = draw.author_n`.replaceAll('$seed', '$3'), [answers, users, options.seed, questions, corpus.answerLengths]);
  step('plan: statistics with the answers', `ANALYZE seed_posts`);
  // Per question: its answers, its latest activity, and the accepted answer — the earliest one, for
  // the 62% of answered questions the seed's hash picks.
  step('plan: threads', `CREATE TEMP TABLE seed_threads ON COMMIT DROP AS
    SELECT DISTINCT ON (parent_id) parent_id AS id, count(*) OVER thread AS answer_count, max(created_at) OVER thread AS last_answer_at,
           CASE WHEN (hashtext(parent_id::text || $1) % 100 + 100) % 100 < 62 THEN id END AS accepted_answer_id,
           author_id AS accepted_author_id, created_at AS accepted_at
    FROM seed_posts WHERE type = 'answer'
    WINDOW thread AS (PARTITION BY parent_id)
    ORDER BY parent_id, created_at`, [String(options.seed)]);
  // One statement for questions and answers, so the answers' parent foreign key is checked at its end.
  step('plan: threads, statistics', `ANALYZE seed_threads`);
  step('posts', `
    INSERT INTO posts (id, type, parent_id, author_id, title, slug, body, body_html, tags, score, answer_count, comment_count, view_count,
                       accepted_answer_id, accepted_by_id, accepted_at, last_activity_at, created_at)
    OVERRIDING SYSTEM VALUE
    SELECT p.id, p.type, p.parent_id, p.author_id, p.title, p.slug, p.body, '<p>' || p.body || '</p>', p.tags, p.score,
           coalesce(t.answer_count, 0), p.commented::int, p.view_count,
           t.accepted_answer_id, CASE WHEN t.accepted_answer_id IS NOT NULL THEN p.author_id END,
           CASE WHEN t.accepted_answer_id IS NOT NULL THEN t.accepted_at END,
           coalesce(t.last_answer_at, p.created_at), p.created_at
    FROM seed_posts p LEFT JOIN seed_threads t ON t.id = p.id
    ORDER BY p.id`);
  // The triggers on comments and later steps join posts and users: planned without statistics (an
  // empty table's, in this transaction), the comments step ran for over half an hour at a million posts.
  step('posts: statistics', `ANALYZE posts, users`);
  // Voter j of a post is member author_n + j·stride (mod members): distinct, and never the author.
  step('plan: votes', `CREATE TEMP TABLE seed_votes ON COMMIT DROP AS
    SELECT ${nextId('votes')}::int AS id, p.id AS post_id, p.type AS post_type, p.author_id, u.id AS voter_id,
           CASE WHEN j <= p.votes - p.down THEN 1 ELSE -1 END AS value,
           p.created_at + (now() - p.created_at) * random() AS created_at
    FROM seed_posts p CROSS JOIN LATERAL generate_series(1, p.votes) j
    JOIN seed_users u ON u.n = 1 + (p.author_n - 1 + j * p.stride) % $1`, [users]);
  step('plan: votes, statistics', `ANALYZE seed_votes`);
  step('votes', `
    INSERT INTO votes (id, post_id, voter_id, value, created_at, updated_at) OVERRIDING SYSTEM VALUE
    SELECT id, post_id, voter_id, value, created_at, created_at FROM seed_votes ORDER BY id`);
  step('plan: ledger', `CREATE TEMP TABLE seed_ledger ON COMMIT DROP AS
    SELECT v.author_id AS user_id, x.amount, x.reason, v.post_id, v.id AS vote_id, v.voter_id AS actor_id, v.value = 1 AS capped, v.created_at
    FROM seed_votes v CROSS JOIN LATERAL (SELECT
        CASE WHEN v.value = 1 AND v.post_type = 'question' THEN ${rules.questionUpvoted} WHEN v.value = 1 THEN ${rules.answerUpvoted} ELSE ${rules.postDownvoted} END AS amount,
        CASE WHEN v.value = 1 AND v.post_type = 'question' THEN 'question_upvoted' WHEN v.value = 1 THEN 'answer_upvoted' ELSE 'post_downvoted' END AS reason) x
    UNION ALL
    SELECT v.voter_id, ${rules.downvotedAnswer}, 'downvoted_answer', v.post_id, v.id, v.voter_id, false, v.created_at
    FROM seed_votes v WHERE v.value = -1 AND v.post_type = 'answer'
    UNION ALL
    SELECT x.user_id, x.amount, x.reason, t.accepted_answer_id, NULL::int, q.author_id, false, t.accepted_at
    FROM seed_threads t JOIN seed_posts q ON q.id = t.id
    CROSS JOIN LATERAL (VALUES (t.accepted_author_id, ${rules.answerAccepted}, 'answer_accepted'), (q.author_id, ${rules.acceptedAnswer}, 'accepted_answer')) x(user_id, amount, reason)
    WHERE t.accepted_answer_id IS NOT NULL AND q.type = 'question' AND t.accepted_author_id <> q.author_id`);
  // The floor of 1, applied as the ledger would have: a balancing row where the sum went negative.
  step('plan: ledger, statistics', `ANALYZE seed_ledger`);
  step('ledger', `
    INSERT INTO reputation_entries (user_id, amount, requested, reason, post_id, vote_id, actor_id, capped, created_at)
    SELECT user_id, amount, amount, reason, post_id, vote_id, actor_id, capped, created_at FROM seed_ledger
    UNION ALL
    SELECT user_id, -total, 0, 'floor', NULL, NULL, NULL, false, now() FROM (SELECT user_id, sum(amount)::int AS total FROM seed_ledger GROUP BY user_id) s
    WHERE total < 0`);
  step('reputation', `
    UPDATE users u SET reputation = 1 + greatest(s.total, 0) FROM (SELECT user_id, sum(amount)::int AS total FROM seed_ledger GROUP BY user_id) s
    WHERE u.id = s.user_id`);
  step('reputation: what upvotes earned today', RECOUNT_EARNED_TODAY);
  step('comments', `
    INSERT INTO comments (post_id, author_id, body, body_html, created_at)
    SELECT p.id, u.id, 'Thanks, that helped with case ' || p.id || '.', 'Thanks, that helped with case ' || p.id || '.', p.created_at + interval '1 hour'
    FROM seed_posts p JOIN seed_users u ON u.n = p.commenter_n
    WHERE p.commented ORDER BY p.id`);
  step('revisions', `
    INSERT INTO post_revisions (post_id, number, editor_id, title, body, tags, created_at)
    SELECT id, 1, author_id, title, body, tags, created_at FROM seed_posts`);
  step('post tags', `
    INSERT INTO post_tags (post_id, tag_id)
    SELECT p.id, t.id FROM seed_posts p CROSS JOIN LATERAL unnest(p.tags) AS tag(label) JOIN tags t ON t.name = tag.label
    WHERE p.type = 'question' ORDER BY p.id, t.id`);
  // Documents as the search indexer writes them; the title-and-tags part of the vector is computed
  // once per question and shared with its answers, and each question's answers text is one GROUP BY.
  step('plan: search', `CREATE TEMP TABLE seed_search ON COMMIT DROP AS
    SELECT q.id, q.title, q.tags, '/questions/' || q.id || '/' || q.slug AS url, t.accepted_answer_id,
           ${HEAD_VECTOR('q.title', 'q.tags')} AS head,
           coalesce(a.text, '') AS answers
    FROM seed_posts q LEFT JOIN seed_threads t ON t.id = q.id
    LEFT JOIN (SELECT parent_id, string_agg(body, E'\\n' ORDER BY id) AS text FROM seed_posts WHERE type = 'answer' GROUP BY parent_id) a ON a.parent_id = q.id
    WHERE q.type = 'question'`);
  step('plan: search, statistics', `ANALYZE seed_search`);
  step('search index: questions', `
    INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, head_tsv, snippet, indexed_at)
    SELECT 'question-' || q.id, 'question', s.title, q.body, s.answers, s.tags, s.accepted_answer_id IS NOT NULL, q.score, q.created_at, s.url,
           s.head || setweight(to_tsvector('english', q.body), 'C') || setweight(to_tsvector('english', s.answers), 'D'), s.head,
           ${SNIPPET('q.body', 's.answers')}, now()
    FROM seed_posts q JOIN seed_search s ON s.id = q.id
    ON CONFLICT (id) DO NOTHING`);
  step('search index: answers', `
    INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, head_tsv, snippet, indexed_at)
    SELECT 'answer-' || a.id, 'answer', s.title, a.body, '', s.tags, s.accepted_answer_id IS NOT DISTINCT FROM a.id, a.score, a.created_at,
           s.url || '#answer-' || a.id, s.head || setweight(to_tsvector('english', a.body), 'C'), s.head, ${SNIPPET('a.body', "''")}, now()
    FROM seed_posts a JOIN seed_search s ON s.id = a.parent_id
    ON CONFLICT (id) DO NOTHING`);
  // Counted up, as the app does when a question is asked (a recount would race with it); last, so the
  // tag rows stay locked only until the commit that follows.
  step('tag counts', `
    UPDATE tags t SET question_count = t.question_count + c.n FROM (
      SELECT tag.label, count(*)::int AS n FROM seed_posts p CROSS JOIN LATERAL unnest(p.tags) AS tag(label)
      WHERE p.type = 'question' GROUP BY tag.label) c
    WHERE t.name = c.label`);

  await dataSource.transaction(async (tx) => {
    // Memory for the plan's joins, sorts and aggregates, for this transaction only.
    await tx.query(`SET LOCAL work_mem = '128MB'`);
    await tx.query(`SELECT setseed($1)`, [((options.seed % 1000) / 1000) * 2 - 1]);
    for (const [index, [name, sql, params]] of steps.entries()) {
      options.onStep?.(name, index, steps.length);
      await tx.query(sql, params);
    }
    options.onStep?.('done', steps.length, steps.length);
  });
  await dataSource.query('ANALYZE');
  return { users, questions, answers };
}
