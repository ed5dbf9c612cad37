import type { DataSource } from 'typeorm';
import { DEFAULT_RULES } from '../reputation/reputation.rules.js';

export interface BulkSeedOptions {
  posts: number;
  seed: number;
  /** Hash of the one password every seeded member shares (hashed once by the caller). */
  passwordHash: string;
  onStep?: (step: string, done: number, total: number) => void;
}

const TAGS = 200;
const WORDS = [
  'router', 'printer', 'invoice', 'export', 'login', 'password', 'sync', 'calendar', 'email', 'webhook', 'api', 'token',
  'mobile', 'android', 'ios', 'desktop', 'update', 'firmware', 'billing', 'refund', 'report', 'dashboard', 'import',
  'csv', 'domain', 'sso', 'okta', 'saml', 'timeout', 'error', 'crash', 'slow', 'search', 'attachment', 'upload',
  'workspace', 'member', 'permission', 'role', 'backup', 'restore', 'integration', 'zapier', 'slack', 'teams', 'plan',
  'seat', 'license', 'notification', 'language', 'translation', 'shortcut', 'theme', 'offline', 'network', 'vpn',
];

/**
 * Fills the database with a realistic community of `posts` posts using PostgreSQL's bulk paths:
 * multi-row INSERT … SELECT over generate_series, derived data (scores, counts, acceptance,
 * the reputation ledger, tag counts, the search index) computed set-based afterwards, so the
 * app's invariants hold (`reputation:verify` passes). Deterministic for a given seed.
 */
export async function bulkSeed(dataSource: DataSource, options: BulkSeedOptions): Promise<{ users: number; questions: number; answers: number }> {
  const questions = Math.max(1, Math.round(options.posts / 5));
  const answers = Math.max(0, options.posts - questions);
  const users = Math.max(10, Math.round(options.posts / 20));
  const run = `s${options.seed}x${Date.now().toString(36)}`;
  const rules = DEFAULT_RULES;
  const steps: [string, string, unknown[]][] = [];
  const step = (name: string, sql: string, params: unknown[] = []) => steps.push([name, sql, params]);

  // A power curve picks authors and tags: a few members and tags carry most of the activity (Zipf-like).
  step('members', `
    INSERT INTO users (username, email, password_hash, role, reputation, created_at)
    SELECT '${run}_' || g, '${run}_' || g || '@seed.answerbase.test', $1, 'member', 1,
           now() - interval '4 years' * random()
    FROM generate_series(1, $2) g`, [options.passwordHash, users]);
  step('seed map', `CREATE TEMP TABLE seed_users ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY id) AS n, id, created_at FROM users WHERE username LIKE '${run}\\_%'`);
  step('tags', `
    INSERT INTO tags (name, question_count) SELECT 'topic-' || g, 0 FROM generate_series(1, ${TAGS}) g
    ON CONFLICT (name) DO NOTHING`);
  step('questions', `
    INSERT INTO posts (type, author_id, title, slug, body, body_html, tags, view_count, created_at, last_activity_at)
    SELECT 'question', u.id, q.title, q.slug, q.body, '<p>' || q.body || '</p>', q.tags,
           floor(random() * 2000)::int, q.at, q.at
    FROM (
      SELECT g,
        initcap(w1) || ' ' || w2 || ' ' || w3 || ' not working after ' || w4 || ' #' || g AS title,
        lower(w1 || '-' || w2 || '-' || w3 || '-not-working-after-' || w4 || '-' || g) AS slug,
        'When I try to ' || w2 || ' the ' || w1 || ' it fails with a ' || w3 || ' message. It started after the ' || w4 ||
          ' change and happens every time on my ' || w5 || '. What should I check first?' AS body,
        ARRAY(SELECT DISTINCT 'topic-' || (1 + floor(${TAGS} * power(random(), 2.5))::int) FROM generate_series(1, 1 + (g % 3))) AS tags,
        now() - interval '4 years' * power(random(), 1.5) AS at,
        1 + floor($2 * power(random(), 3))::int AS author_n
      FROM (SELECT g, $3::text[] AS w FROM generate_series(1, $1) g) base,
        LATERAL (SELECT w[1 + (g * 7) % array_length(w, 1)] AS w1, w[1 + (g * 13 + 5) % array_length(w, 1)] AS w2,
                        w[1 + (g * 17 + 3) % array_length(w, 1)] AS w3, w[1 + (g * 23 + 11) % array_length(w, 1)] AS w4,
                        w[1 + (g * 29 + 1) % array_length(w, 1)] AS w5) words
    ) q JOIN seed_users u ON u.n = q.author_n`, [questions, users, WORDS]);
  step('question map', `CREATE TEMP TABLE seed_questions ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY p.id) AS n, p.id, p.author_id, p.created_at FROM posts p
    JOIN seed_users u ON u.id = p.author_id WHERE p.type = 'question'`);
  step('answers', `
    INSERT INTO posts (type, parent_id, author_id, body, body_html, created_at, last_activity_at)
    SELECT 'answer', q.id, u.id, a.body, '<p>' || a.body || '</p>', t.at, t.at
    FROM (
      SELECT g, 1 + floor((SELECT count(*) FROM seed_questions) * power(random(), 1.3))::int AS q_n,
        1 + floor($2 * power(random(), 3))::int AS author_n,
        'Try turning off ' || ($3::text[])[1 + (g * 11) % array_length($3::text[], 1)] || ' first, then restart the ' ||
          ($3::text[])[1 + (g * 19) % array_length($3::text[], 1)] || '. That fixed it for us (case ' || g || ').' AS body,
        random() AS r
      FROM generate_series(1, $1) g
    ) a
    JOIN seed_questions q ON q.n = a.q_n
    JOIN seed_users u ON u.n = a.author_n
    CROSS JOIN LATERAL (SELECT q.created_at + (now() - q.created_at) * power(a.r, 4) AS at) t`, [answers, users, WORDS]);
  step('answer counts', `
    UPDATE posts q SET answer_count = c.n, last_activity_at = c.last
    FROM (SELECT parent_id, count(*) AS n, max(created_at) AS last FROM posts WHERE type = 'answer' AND parent_id IN (SELECT id FROM seed_questions) GROUP BY parent_id) c
    WHERE q.id = c.parent_id`);
  step('acceptance', `
    UPDATE posts q SET accepted_answer_id = pick.answer_id, accepted_by_id = q.author_id, accepted_at = pick.created_at
    FROM (
      SELECT DISTINCT ON (a.parent_id) a.parent_id, a.id AS answer_id, a.created_at
      FROM posts a JOIN seed_questions sq ON sq.id = a.parent_id
      WHERE a.type = 'answer' AND (hashtext(a.parent_id::text || $1) % 100 + 100) % 100 < 62
      ORDER BY a.parent_id, a.created_at
    ) pick WHERE q.id = pick.parent_id`, [String(options.seed)]);
  step('votes', `
    INSERT INTO votes (post_id, voter_id, value, created_at, updated_at)
    SELECT p.id, u.id, CASE WHEN random() < 0.9 THEN 1 ELSE -1 END, t.at, t.at
    FROM posts p
    JOIN LATERAL (SELECT generate_series(1, 1 + floor(6 * power(random(), 3))::int) AS k) ks ON true
    JOIN LATERAL (SELECT 1 + floor($1 * random())::int AS voter_n) v ON true
    JOIN seed_users u ON u.n = v.voter_n
    CROSS JOIN LATERAL (SELECT p.created_at + (now() - p.created_at) * random() AS at) t
    WHERE p.author_id IN (SELECT id FROM seed_users) AND random() < 0.45 AND u.id <> p.author_id
    ON CONFLICT (voter_id, post_id) DO NOTHING`, [users]);
  step('scores', `
    UPDATE posts p SET score = s.total FROM (
      SELECT post_id, sum(value)::int AS total FROM votes WHERE voter_id IN (SELECT id FROM seed_users) GROUP BY post_id) s
    WHERE p.id = s.post_id`);
  step('ledger: votes', `
    INSERT INTO reputation_entries (user_id, amount, requested, reason, post_id, vote_id, actor_id, capped, created_at)
    SELECT p.author_id, x.amount, x.amount, x.reason, p.id, v.id, v.voter_id, x.capped, v.created_at
    FROM votes v JOIN posts p ON p.id = v.post_id
    CROSS JOIN LATERAL (SELECT
        CASE WHEN v.value = 1 AND p.type = 'question' THEN ${rules.questionUpvoted} WHEN v.value = 1 THEN ${rules.answerUpvoted} ELSE ${rules.postDownvoted} END AS amount,
        CASE WHEN v.value = 1 AND p.type = 'question' THEN 'question_upvoted' WHEN v.value = 1 THEN 'answer_upvoted' ELSE 'post_downvoted' END AS reason,
        v.value = 1 AS capped) x
    WHERE v.voter_id IN (SELECT id FROM seed_users)`);
  step('ledger: downvoters', `
    INSERT INTO reputation_entries (user_id, amount, requested, reason, post_id, vote_id, actor_id, created_at)
    SELECT v.voter_id, ${rules.downvotedAnswer}, ${rules.downvotedAnswer}, 'downvoted_answer', p.id, v.id, v.voter_id, v.created_at
    FROM votes v JOIN posts p ON p.id = v.post_id
    WHERE v.value = -1 AND p.type = 'answer' AND v.voter_id IN (SELECT id FROM seed_users)`);
  step('ledger: acceptance', `
    INSERT INTO reputation_entries (user_id, amount, requested, reason, post_id, actor_id, created_at)
    SELECT x.user_id, x.amount, x.amount, x.reason, a.id, q.author_id, q.accepted_at
    FROM posts q JOIN posts a ON a.id = q.accepted_answer_id
    CROSS JOIN LATERAL (VALUES (a.author_id, ${rules.answerAccepted}, 'answer_accepted'), (q.author_id, ${rules.acceptedAnswer}, 'accepted_answer')) x(user_id, amount, reason)
    WHERE q.id IN (SELECT id FROM seed_questions) AND a.author_id <> q.author_id`);
  // The floor of 1, applied as the ledger would have: a balancing row where the sum went negative.
  step('ledger: floor', `
    INSERT INTO reputation_entries (user_id, amount, requested, reason, created_at)
    SELECT user_id, -total, 0, 'floor', now() FROM (
      SELECT user_id, sum(amount) AS total FROM reputation_entries WHERE user_id IN (SELECT id FROM seed_users) GROUP BY user_id) s
    WHERE total < 0`);
  step('reputation', `
    UPDATE users u SET reputation = 1 + s.total FROM (
      SELECT user_id, sum(amount)::int AS total FROM reputation_entries WHERE user_id IN (SELECT id FROM seed_users) GROUP BY user_id) s
    WHERE u.id = s.user_id`);
  step('comments', `
    INSERT INTO comments (post_id, author_id, body, body_html, created_at)
    SELECT p.id, u.id, 'Thanks, that helped with case ' || p.id || '.', 'Thanks, that helped with case ' || p.id || '.', p.created_at + interval '1 hour'
    FROM posts p JOIN LATERAL (SELECT 1 + floor($1 * random())::int AS n) c ON true JOIN seed_users u ON u.n = c.n
    WHERE p.author_id IN (SELECT id FROM seed_users) AND random() < 0.3`, [users]);
  step('comment counts', `
    UPDATE posts p SET comment_count = c.n FROM (SELECT post_id, count(*)::int AS n FROM comments WHERE author_id IN (SELECT id FROM seed_users) GROUP BY post_id) c
    WHERE p.id = c.post_id`);
  step('revisions', `
    INSERT INTO post_revisions (post_id, number, editor_id, title, body, tags, created_at)
    SELECT id, 1, author_id, title, body, tags, created_at FROM posts WHERE author_id IN (SELECT id FROM seed_users)`);
  step('post tags', `
    INSERT INTO post_tags (post_id, tag_id)
    SELECT p.id, t.id FROM posts p CROSS JOIN LATERAL unnest(p.tags) AS tag(label) JOIN tags t ON t.name = tag.label
    WHERE p.id IN (SELECT id FROM seed_questions) ON CONFLICT DO NOTHING`);
  step('tag counts', `
    UPDATE tags t SET question_count = c.n FROM (
      SELECT pt.tag_id, count(*)::int AS n FROM post_tags pt JOIN posts p ON p.id = pt.post_id
      WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL GROUP BY pt.tag_id) c
    WHERE t.id = c.tag_id`);
  step('search index: questions', `
    INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, indexed_at)
    SELECT 'question-' || q.id, 'question', q.title, q.body, coalesce(a.text, ''), q.tags, q.accepted_answer_id IS NOT NULL, q.score,
           q.created_at, '/questions/' || q.id || '/' || q.slug,
           setweight(to_tsvector('english', q.title), 'A') || setweight(to_tsvector('simple', array_to_string(q.tags, ' ')), 'B')
             || setweight(to_tsvector('english', q.body), 'C') || setweight(to_tsvector('english', coalesce(a.text, '')), 'D'),
           now()
    FROM posts q LEFT JOIN LATERAL (SELECT string_agg(body, E'\\n') AS text FROM posts WHERE parent_id = q.id AND type = 'answer') a ON true
    WHERE q.id IN (SELECT id FROM seed_questions)
    ON CONFLICT (id) DO NOTHING`);
  step('search index: answers', `
    INSERT INTO search_documents (id, kind, title, body, answers, tags, solved, score, created_at, url, tsv, indexed_at)
    SELECT 'answer-' || a.id, 'answer', q.title, a.body, '', q.tags, q.accepted_answer_id IS NOT DISTINCT FROM a.id, a.score, a.created_at,
           '/questions/' || q.id || '/' || q.slug || '#answer-' || a.id,
           setweight(to_tsvector('english', q.title), 'A') || setweight(to_tsvector('simple', array_to_string(q.tags, ' ')), 'B')
             || setweight(to_tsvector('english', a.body), 'C'),
           now()
    FROM posts a JOIN posts q ON q.id = a.parent_id
    WHERE a.type = 'answer' AND q.id IN (SELECT id FROM seed_questions)
    ON CONFLICT (id) DO NOTHING`);

  await dataSource.transaction(async (tx) => {
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
