import { Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.js';
import { ThreadEvents } from '../threads/threads.events.js';
import { DumpError, readDumpRows, type DumpRow } from './dump-reader.js';
import {
  STAGE_ACCEPTS, STAGE_COMMENTS, STAGE_LINKS, STAGE_POSTS, STAGE_TAGS, STAGE_USERS,
  mapComment, mapLink, mapPost, mapTag, mapUser, mapVote, type StageColumns,
} from './stackexchange.mapper.js';

/** The badges module's sweep (every rule over existing data), by its job name: nothing imports badges. */
const BADGES_SWEEP = 'badges.daily-sweep';
const BATCH = 1000;
const SITE = /^[a-z0-9][a-z0-9.-]{0,118}[a-z0-9]$/;

export interface ImportOptions {
  /** Read, check and stage everything, report what would be imported, then roll back. */
  dryRun?: boolean;
  /** After the commit, run the search, insights and badge jobs the import queued (default true). */
  waitForDerived?: boolean;
  onProgress?: (progress: { file: string; bytesDone: number; bytesTotal: number }) => void;
}

export interface ImportSummary {
  site: string;
  dryRun: boolean;
  /** Rows read per file; null for an optional file the dump does not have. */
  files: Record<string, number | null>;
  added: { members: number; questions: number; answers: number; comments: number; duplicates: number; tagDescriptions: number; reputationEntries: number };
  /** Already imported by an earlier run of the same site (their source ids are mapped). */
  alreadyImported: { members: number; posts: number; comments: number };
  skipped: { answersWithoutQuestion: number; commentsWithoutPost: number; otherPostKinds: number; duplicateLinksToMissingPosts: number };
  votes: { up: number; down: number; acceptances: number; other: number };
  seconds: number;
  postsPerSecond: number;
  peakRssMb: number;
}

class DryRunRollback extends Error {}

const FILES = {
  users: { name: 'Users.xml', root: 'users', required: true },
  posts: { name: 'Posts.xml', root: 'posts', required: true },
  comments: { name: 'Comments.xml', root: 'comments', required: false },
  votes: { name: 'Votes.xml', root: 'votes', required: false },
  links: { name: 'PostLinks.xml', root: 'postlinks', required: false },
  tags: { name: 'Tags.xml', root: 'tags', required: false },
} as const;
type FileKey = keyof typeof FILES;

/**
 * Imports a Stack Exchange data dump: stream → map → batch write → rebuild derived data.
 *
 * Everything happens in one transaction: each file is streamed and mapped into temporary staging
 * tables in batches; then set-based SQL moves what is not yet imported (source ids are kept in
 * `import_mappings`) into the live tables with ids from their own sequences; then the jobs that
 * complete the derived data (search index, insight facts, badges) are queued in the same
 * transaction. A bad dump stops with a DumpError and leaves nothing behind; a second run of the
 * same dump finds every source id mapped and changes nothing. Like the bulk seeder, it writes the
 * threads, users and reputation tables with SQL of its own for throughput, keeping their invariants:
 * scores equal an imported baseline plus votes, reputation equals 1 plus the ledger.
 */
@Injectable()
export class StackExchangeImporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async import(dir: string, site: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const started = Date.now();
    let peakRss = process.memoryUsage().rss;
    const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
    if (!SITE.test(site)) throw new DumpError(`--site must be the site's host name, e.g. cardano.stackexchange.com (got "${site}").`);
    const files = await this.locateFiles(dir);
    const bytesTotal = Object.values(files).reduce((sum, f) => sum + (f?.size ?? 0), 0);
    let bytesDone = 0;
    let summary: ImportSummary | undefined;
    try {
      await this.dataSource.transaction(async (tx) => {
        // One import of a site at a time; a second waits, then finds the first one's mappings.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`import:${site}`]);
        await tx.query(`SET LOCAL work_mem = '64MB'`);
        await this.createStage(tx);
        const counts: Record<string, number | null> = {};
        const votes = { up: 0, down: 0, acceptances: 0, other: 0 };
        let otherPostKinds = 0;
        const stream = async (key: FileKey, handle: (rows: DumpRow[], offset: number) => Promise<void>) => {
          const file = files[key];
          if (!file) return void (counts[FILES[key].name] = null);
          let offset = 0;
          for await (const rows of readDumpRows(file.path, FILES[key].name, FILES[key].root, BATCH, (bytes) => {
            bytesDone += bytes;
            options.onProgress?.({ file: FILES[key].name, bytesDone, bytesTotal });
          })) {
            await handle(rows, offset);
            offset += rows.length;
            sampleRss();
          }
          counts[FILES[key].name] = offset;
        };
        await stream('users', async (rows, at) => {
          const known = await this.mappedIds(tx, site, 'user', rows);
          await this.stage(tx, 'se_users', STAGE_USERS, rows.map((row, i) => mapUser(row, at + i + 1, !known.has(row.Id!))));
        });
        await stream('posts', async (rows, at) => {
          const known = await this.mappedIds(tx, site, 'post', rows);
          const mapped = rows.map((row, i) => mapPost(row, at + i + 1, !known.has(row.Id!)));
          otherPostKinds += mapped.filter((row) => row === null).length;
          return this.stage(tx, 'se_posts', STAGE_POSTS, mapped.filter((row) => row !== null));
        });
        await stream('comments', (rows, at) => this.stage(tx, 'se_comments', STAGE_COMMENTS, rows.map((row, i) => mapComment(row, at + i + 1))));
        await stream('votes', (rows, at) => {
          const accepts: unknown[][] = [];
          rows.forEach((row, i) => {
            const { type, accept } = mapVote(row, at + i + 1);
            if (accept) accepts.push(accept);
            if (type === 1) votes.acceptances++;
            else if (type === 2) votes.up++;
            else if (type === 3) votes.down++;
            else votes.other++;
          });
          return this.stage(tx, 'se_accepts', STAGE_ACCEPTS, accepts);
        });
        await stream('links', (rows, at) => this.stage(tx, 'se_links', STAGE_LINKS, rows.map((row, i) => mapLink(row, at + i + 1))));
        await stream('tags', (rows, at) => this.stage(tx, 'se_tags', STAGE_TAGS, rows.map((row, i) => mapTag(row, at + i + 1)).filter((row) => row !== null)));
        const moved = await this.move(tx, site);
        sampleRss();
        const seconds = (Date.now() - started) / 1000;
        const posts = moved.added.questions + moved.added.answers;
        summary = {
          site,
          dryRun: Boolean(options.dryRun),
          files: counts,
          added: moved.added,
          alreadyImported: moved.alreadyImported,
          skipped: { ...moved.skipped, otherPostKinds },
          votes,
          seconds,
          postsPerSecond: Math.round(posts / Math.max(seconds, 0.001)),
          peakRssMb: Math.round(peakRss / 1048576),
        };
        if (options.dryRun) throw new DryRunRollback();
        if (moved.changedQuestions.length) {
          await this.jobs.publishAll(tx, [
            ...moved.changedQuestions.map((questionId) => ({ name: ThreadEvents.changed, data: { questionId } })),
            { name: BADGES_SWEEP, data: {} },
          ]);
          await tx.query('INSERT INTO import_runs (site, started_at, summary) VALUES ($1, $2, $3)', [site, new Date(started), JSON.stringify(summary)]);
        }
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    if (!options.dryRun && options.waitForDerived !== false) await this.jobs.drain();
    return summary!;
  }

  /** Duplicate pairs imported from a site's PostLinks: source ids and our ids of the question and its original. */
  duplicates(site: string): Promise<{ sourceId: number; sourceOriginalId: number; questionId: number; originalId: number }[]> {
    return this.dataSource.query(
      `SELECT p.source_id AS "sourceId", o.source_id AS "sourceOriginalId", p.id AS "questionId", o.id AS "originalId"
       FROM posts p JOIN posts o ON o.id = p.duplicate_of_id
       WHERE p.imported_from = $1 AND p.close_reason = 'duplicate' ORDER BY p.source_id`,
      [site],
    );
  }

  /** Our id of a post, member or comment imported from a site, by its id there. */
  async localId(site: string, kind: 'user' | 'post' | 'comment', sourceId: number): Promise<number | null> {
    const [row] = await this.dataSource.query('SELECT local_id FROM import_mappings WHERE site = $1 AND kind = $2 AND source_id = $3', [site, kind, sourceId]);
    return row ? (row.local_id as number) : null;
  }

  private async locateFiles(dir: string): Promise<Record<FileKey, { path: string; size: number } | null>> {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new DumpError(`${dir} is not a folder. Give --dir the folder of an unpacked Stack Exchange dump (it holds Posts.xml, Users.xml…).`);
    const found = {} as Record<FileKey, { path: string; size: number } | null>;
    for (const [key, file] of Object.entries(FILES) as [FileKey, (typeof FILES)[FileKey]][]) {
      const path = join(dir, file.name);
      const fileInfo = await stat(path).catch(() => null);
      found[key] = fileInfo?.isFile() ? { path, size: fileInfo.size } : null;
    }
    if (!found.posts) throw new DumpError(`${dir} has no Posts.xml: this does not look like a Stack Exchange dump folder (it should hold Posts.xml, Users.xml, Comments.xml…).`);
    if (!found.users) throw new DumpError(`${dir} has no Users.xml: without it posts cannot be attributed to their authors, so nothing was imported.`);
    return found;
  }

  /** Source ids of a batch that an earlier run imported (their HTML need not be converted again). */
  private async mappedIds(tx: EntityManager, site: string, kind: string, rows: DumpRow[]): Promise<Set<string>> {
    const ids = rows.map((row) => Number(row.Id)).filter((id) => Number.isSafeInteger(id) && Math.abs(id) <= 2_147_483_647);
    const found: { source_id: number }[] = await tx.query('SELECT source_id FROM import_mappings WHERE site = $1 AND kind = $2 AND source_id = ANY($3::int[])', [site, kind, ids]);
    return new Set(found.map((row) => String(row.source_id)));
  }

  private async createStage(tx: EntityManager): Promise<void> {
    const table = (name: string, columns: StageColumns, extra = '') =>
      tx.query(`CREATE TEMP TABLE ${name} (${columns.map(([c, t]) => `${c} ${t}`).join(', ')}${extra}) ON COMMIT DROP`);
    await table('se_users', STAGE_USERS, ', local_id int, is_new boolean NOT NULL DEFAULT false, username text');
    await table('se_posts', STAGE_POSTS, ', local_id int, is_new boolean NOT NULL DEFAULT false, parent_id int, author_id int');
    await table('se_comments', STAGE_COMMENTS, ', local_id int, is_new boolean NOT NULL DEFAULT false, post_id int');
    await table('se_links', STAGE_LINKS);
    await table('se_accepts', STAGE_ACCEPTS);
    await table('se_tags', STAGE_TAGS);
  }

  /** One INSERT per batch: each column sent as one array parameter and unnested. */
  private async stage(tx: EntityManager, table: string, columns: StageColumns, rows: unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    const params = columns.map((_, c) => rows.map((row) => row[c] ?? null));
    await tx.query(
      `INSERT INTO ${table} (${columns.map(([c]) => c).join(', ')}) SELECT * FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`,
      params,
    );
  }

  /** Staging → live tables, for what is not imported yet. */
  private async move(tx: EntityManager, site: string) {
    const q = async (sql: string, params: unknown[] = []) => tx.query(sql, params);
    const count = async (sql: string, params: unknown[] = []) => Number((await q(sql, params))[0].n);
    const nextId = (table: string) => `nextval(pg_get_serial_sequence('${table}', 'id'))`;
    await q('CREATE INDEX ON se_users (source_id)');
    await q('CREATE INDEX ON se_posts (source_id)');
    await q('CREATE INDEX ON se_posts (parent_source)');
    await q('CREATE INDEX ON se_comments (post_source)');
    await q('ANALYZE se_users; ANALYZE se_posts; ANALYZE se_comments');
    const duplicateIds = await count(`SELECT count(*) - count(DISTINCT source_id) AS n FROM se_posts`);
    if (duplicateIds > 0) throw new DumpError('Posts.xml has the same Id on more than one row.');
    if ((await count(`SELECT count(*) - count(DISTINCT source_id) AS n FROM se_users`)) > 0) throw new DumpError('Users.xml has the same Id on more than one row.');

    // Members. A post or comment whose author is not in Users.xml (a deleted account) is shown
    // under one "deleted user" member of the site (source id 0), keeping the name the dump gives.
    const needsGhost = await count(`SELECT count(*) AS n FROM (
        SELECT 1 FROM se_posts p WHERE p.kind IN (1, 2) AND NOT EXISTS (SELECT 1 FROM se_users u WHERE u.source_id = p.owner_source)
        UNION ALL SELECT 1 FROM se_comments c WHERE NOT EXISTS (SELECT 1 FROM se_users u WHERE u.source_id = c.user_source) LIMIT 1) x`);
    if (needsGhost > 0) {
      await q(`INSERT INTO se_users (source_id, name, about, created_at, reputation, base)
               SELECT 0, 'deleted user', NULL, coalesce((SELECT min(created_at) FROM se_users), now()), 1, 'deleted-user'
               WHERE NOT EXISTS (SELECT 1 FROM se_users WHERE source_id = 0)`);
    }
    await q(`UPDATE se_users s SET local_id = m.local_id FROM import_mappings m WHERE m.site = $1 AND m.kind = 'user' AND m.source_id = s.source_id`, [site]);
    const existingMembers = await count('SELECT count(*) AS n FROM se_users WHERE local_id IS NOT NULL');
    await q(`UPDATE se_users SET is_new = true, local_id = ${nextId('users')} WHERE local_id IS NULL`);
    // Usernames: the display name made safe; a collision (with anyone, or another imported member) gets "-<source id>".
    await q(`UPDATE se_users s SET username = CASE WHEN x.rn = 1 AND NOT EXISTS (SELECT 1 FROM users u WHERE u.username = s.base::citext) THEN s.base
                                              ELSE s.base || '-' || abs(s.source_id) END
             FROM (SELECT source_id, row_number() OVER (PARTITION BY lower(base) ORDER BY source_id) AS rn FROM se_users WHERE is_new) x
             WHERE x.source_id = s.source_id AND s.is_new`);
    // Names still taken, or shared by several new members, get a random suffix. The members sharing a name are
    // counted in one pass (a window), not by a subquery per member, which compared every pair (10 s at 3,500 members).
    await q(`UPDATE se_users s SET username = 'se' || abs(s.source_id) || '-' || substr(md5(random()::text), 1, 6)
             FROM (SELECT source_id, count(username) OVER (PARTITION BY lower(username)) AS sharing FROM se_users WHERE is_new) x
             WHERE x.source_id = s.source_id AND s.is_new
               AND (EXISTS (SELECT 1 FROM users u WHERE u.username = s.username::citext) OR x.sharing > 1)`);
    const members = await count(`WITH inserted AS (
        INSERT INTO users (id, username, email, password_hash, role, reputation, created_at, about, imported_from, imported_source_id, imported_name)
        OVERRIDING SYSTEM VALUE
        SELECT local_id, username, NULL, NULL, 'member', reputation, created_at, about, $1, nullif(source_id, 0), name FROM se_users WHERE is_new ORDER BY local_id
        RETURNING 1) SELECT count(*) AS n FROM inserted`, [site]);
    // Reputation as the dump has it: one imported ledger entry each (the ledger starts at 1).
    const reputationEntries = await count(`WITH inserted AS (
        INSERT INTO reputation_entries (user_id, amount, requested, reason, created_at)
        SELECT local_id, reputation - 1, reputation - 1, 'imported', created_at FROM se_users WHERE is_new AND reputation > 1 ORDER BY local_id
        RETURNING 1) SELECT count(*) AS n FROM inserted`);
    await q(`INSERT INTO import_mappings (site, kind, source_id, local_id) SELECT $1, 'user', source_id, local_id FROM se_users WHERE is_new`, [site]);

    // Posts: questions, and answers whose question is in the dump (or imported before).
    await q(`UPDATE se_posts s SET local_id = m.local_id FROM import_mappings m WHERE m.site = $1 AND m.kind = 'post' AND m.source_id = s.source_id`, [site]);
    await q(`UPDATE se_posts SET is_new = true, local_id = ${nextId('posts')} WHERE local_id IS NULL AND kind = 1`);
    await q(`UPDATE se_posts a SET parent_id = p.local_id FROM se_posts p WHERE a.kind = 2 AND p.kind = 1 AND p.source_id = a.parent_source`);
    await q(`UPDATE se_posts a SET parent_id = m.local_id FROM import_mappings m
             WHERE a.kind = 2 AND a.parent_id IS NULL AND m.site = $1 AND m.kind = 'post' AND m.source_id = a.parent_source`, [site]);
    const answersWithoutQuestion = await count(`WITH gone AS (DELETE FROM se_posts WHERE kind = 2 AND parent_id IS NULL RETURNING 1) SELECT count(*) AS n FROM gone`);
    await q(`UPDATE se_posts SET is_new = true, local_id = ${nextId('posts')} WHERE local_id IS NULL AND kind = 2`);
    await q(`UPDATE se_posts p SET author_id = coalesce((SELECT u.local_id FROM se_users u WHERE u.source_id = p.owner_source), (SELECT g.local_id FROM se_users g WHERE g.source_id = 0))
             WHERE p.kind IN (1, 2)`);
    const existingPosts = await count('SELECT count(*) AS n FROM se_posts WHERE kind IN (1, 2) AND NOT is_new');

    // Comments on posts that are kept.
    await q(`UPDATE se_comments c SET local_id = m.local_id FROM import_mappings m WHERE m.site = $1 AND m.kind = 'comment' AND m.source_id = c.source_id`, [site]);
    await q(`UPDATE se_comments c SET post_id = p.local_id FROM se_posts p WHERE p.source_id = c.post_source AND p.kind IN (1, 2)`);
    const commentsWithoutPost = await count(`WITH gone AS (DELETE FROM se_comments WHERE post_id IS NULL RETURNING 1) SELECT count(*) AS n FROM gone`);
    const existingComments = await count('SELECT count(*) AS n FROM se_comments WHERE local_id IS NOT NULL');
    await q(`UPDATE se_comments SET is_new = true, local_id = ${nextId('comments')} WHERE local_id IS NULL`);

    // Duplicates: PostLinks type 3 between two kept questions; a question linked to several originals takes the earliest.
    await q(`CREATE TEMP TABLE se_duplicates ON COMMIT DROP AS
             SELECT DISTINCT ON (d.local_id) d.local_id AS question_id, o.local_id AS original_id, l.created_at
             FROM se_links l JOIN se_posts d ON d.source_id = l.post_source AND d.kind = 1 JOIN se_posts o ON o.source_id = l.related_source AND o.kind = 1
             WHERE l.link_type = 3 AND d.local_id <> o.local_id ORDER BY d.local_id, o.source_id`);
    const duplicateLinksToMissingPosts = await count(`SELECT count(*) AS n FROM se_links l WHERE l.link_type = 3 AND (
        NOT EXISTS (SELECT 1 FROM se_posts p WHERE p.source_id = l.post_source AND p.kind = 1)
        OR NOT EXISTS (SELECT 1 FROM se_posts p WHERE p.source_id = l.related_source AND p.kind = 1))`);

    // Per question: its answers, comments and solution, counted from the whole dump.
    await q(`CREATE TEMP TABLE se_threads ON COMMIT DROP AS
             SELECT q.local_id AS id, coalesce(n.answer_count, 0)::int AS answer_count, acc.local_id AS accepted_answer_id,
                    greatest(acc.created_at, v.accepted_on) AS accepted_at
             FROM se_posts q
             LEFT JOIN (SELECT parent_id, count(*) AS answer_count FROM se_posts WHERE kind = 2 GROUP BY parent_id) n ON n.parent_id = q.local_id
             LEFT JOIN se_posts acc ON acc.source_id = q.accepted_source AND acc.kind = 2 AND acc.parent_id = q.local_id
             LEFT JOIN (SELECT post_source, max(created_at) AS accepted_on FROM se_accepts GROUP BY post_source) v ON v.post_source = acc.source_id
             WHERE q.kind = 1`);
    await q(`CREATE TEMP TABLE se_comment_counts ON COMMIT DROP AS SELECT post_id, count(*)::int AS n FROM se_comments GROUP BY post_id`);

    const posted = await q(`WITH inserted AS (
        INSERT INTO posts (id, type, parent_id, author_id, title, slug, body, body_html, tags, score, score_baseline, answer_count, comment_count,
                           view_count, accepted_answer_id, accepted_by_id, accepted_at, closed_at, close_reason, duplicate_of_id, revision_count,
                           edited_at, last_editor_id, last_activity_at, created_at, imported_from, source_id, source_author, source_license)
        OVERRIDING SYSTEM VALUE
        SELECT p.local_id, CASE p.kind WHEN 1 THEN 'question' ELSE 'answer' END, CASE WHEN p.kind = 2 THEN p.parent_id END, p.author_id,
               p.title, p.slug, p.body, p.body_html,
               CASE WHEN p.kind = 1 THEN string_to_array(nullif(p.tags, ''), ' ')::varchar[] END, p.score, p.score,
               coalesce(t.answer_count, 0), coalesce(cc.n, 0), coalesce(p.view_count, 0),
               t.accepted_answer_id, CASE WHEN t.accepted_answer_id IS NOT NULL THEN p.author_id END,
               CASE WHEN t.accepted_answer_id IS NOT NULL THEN t.accepted_at END,
               CASE WHEN d.question_id IS NOT NULL THEN coalesce(p.closed_at, d.created_at, p.created_at) ELSE p.closed_at END,
               CASE WHEN d.question_id IS NOT NULL THEN 'duplicate' END, d.original_id, 1,
               p.edited_at, CASE WHEN p.edited_at IS NOT NULL THEN coalesce(e.local_id, p.author_id) END,
               greatest(p.created_at, coalesce(p.activity_at, p.created_at)), p.created_at, $1, p.source_id,
               coalesce(nullif(u.name, ''), nullif(p.owner_name, ''), 'a deleted user'), p.license
        FROM se_posts p
        LEFT JOIN se_threads t ON t.id = p.local_id
        LEFT JOIN se_comment_counts cc ON cc.post_id = p.local_id
        LEFT JOIN se_duplicates d ON d.question_id = p.local_id
        LEFT JOIN se_users e ON e.source_id = p.editor_source
        LEFT JOIN se_users u ON u.source_id = p.owner_source AND u.source_id <> 0
        WHERE p.is_new AND p.kind IN (1, 2)
        ORDER BY p.local_id
        RETURNING id, type, duplicate_of_id) SELECT type, count(*)::int AS n, count(duplicate_of_id)::int AS duplicates FROM inserted GROUP BY type`,
      [site]);
    const added = (type: string) => (posted as { type: string; n: number }[]).find((r) => r.type === type)?.n ?? 0;
    const duplicates = (posted as { duplicates: number }[]).reduce((sum, r) => sum + r.duplicates, 0);

    // Questions imported before that this run gave new answers or comments: their counts again.
    await q(`UPDATE posts p SET answer_count = t.answer_count FROM se_threads t JOIN se_posts q ON q.local_id = t.id
             WHERE p.id = t.id AND NOT q.is_new AND p.answer_count <> t.answer_count`);
    await q(`UPDATE posts p SET comment_count = cc.n FROM se_comment_counts cc JOIN se_posts s ON s.local_id = cc.post_id
             WHERE p.id = cc.post_id AND NOT s.is_new AND p.comment_count <> cc.n`);

    await q(`INSERT INTO post_revisions (post_id, number, editor_id, title, body, tags, summary, created_at)
             SELECT local_id, 1, author_id, title, body, CASE WHEN kind = 1 THEN string_to_array(nullif(tags, ''), ' ')::varchar[] END,
                    'Imported from ' || $1, created_at
             FROM se_posts WHERE is_new AND kind IN (1, 2) ORDER BY local_id`, [site]);
    await q(`INSERT INTO import_mappings (site, kind, source_id, local_id) SELECT $1, 'post', source_id, local_id FROM se_posts WHERE is_new AND kind IN (1, 2)`, [site]);

    // Tags of new questions: the tag rows, the links, the counts (counted up, as the app does).
    await q(`CREATE TEMP TABLE se_question_tags ON COMMIT DROP AS
             SELECT DISTINCT p.local_id AS post_id, tag.name FROM se_posts p CROSS JOIN LATERAL unnest(string_to_array(nullif(p.tags, ''), ' ')) AS tag(name)
             WHERE p.is_new AND p.kind = 1`);
    await q(`INSERT INTO tags (name, question_count) SELECT DISTINCT name, 0 FROM se_question_tags ORDER BY name ON CONFLICT (name) DO NOTHING`);
    await q(`INSERT INTO post_tags (post_id, tag_id) SELECT s.post_id, t.id FROM se_question_tags s JOIN tags t ON t.name = s.name ORDER BY 1, 2`);
    await q(`UPDATE tags t SET question_count = t.question_count + c.n FROM (SELECT name, count(*)::int AS n FROM se_question_tags GROUP BY name) c WHERE t.name = c.name`);

    // Tag wiki excerpts and bodies (PostTypeId 4 and 5, named by Tags.xml) as tag descriptions, where they differ.
    const tagDescriptions = await count(`WITH texts AS (
        SELECT t.name, e.body AS excerpt, w.body AS wiki FROM se_tags t
        LEFT JOIN se_posts e ON e.source_id = t.excerpt_source AND e.kind = 4 LEFT JOIN se_posts w ON w.source_id = t.wiki_source AND w.kind = 5
        WHERE nullif(e.body, '') IS NOT NULL OR nullif(w.body, '') IS NOT NULL),
      updated AS (
        UPDATE tags g SET excerpt = coalesce(nullif(x.excerpt, ''), g.excerpt), wiki = coalesce(nullif(x.wiki, ''), g.wiki) FROM texts x
        WHERE g.name = x.name AND (g.excerpt IS DISTINCT FROM coalesce(nullif(x.excerpt, ''), g.excerpt) OR g.wiki IS DISTINCT FROM coalesce(nullif(x.wiki, ''), g.wiki))
        RETURNING 1) SELECT count(*) AS n FROM updated`);

    const comments = await count(`WITH inserted AS (
        INSERT INTO comments (id, post_id, author_id, body, body_html, created_at) OVERRIDING SYSTEM VALUE
        SELECT c.local_id, c.post_id, coalesce(u.local_id, g.local_id), c.body, c.body_html, c.created_at
        FROM se_comments c LEFT JOIN se_users u ON u.source_id = c.user_source LEFT JOIN se_users g ON g.source_id = 0
        WHERE c.is_new ORDER BY c.local_id
        RETURNING 1) SELECT count(*) AS n FROM inserted`);
    await q(`INSERT INTO import_mappings (site, kind, source_id, local_id) SELECT $1, 'comment', source_id, local_id FROM se_comments WHERE is_new`, [site]);

    const changed: { id: number }[] = await q(`SELECT DISTINCT q.local_id AS id FROM se_posts q WHERE q.kind = 1 AND (q.is_new OR EXISTS (
        SELECT 1 FROM se_posts a WHERE a.kind = 2 AND a.is_new AND a.parent_id = q.local_id)) ORDER BY 1`);
    return {
      added: { members, questions: added('question'), answers: added('answer'), comments, duplicates, tagDescriptions, reputationEntries },
      alreadyImported: { members: existingMembers, posts: existingPosts, comments: existingComments },
      skipped: { answersWithoutQuestion, commentsWithoutPost, duplicateLinksToMissingPosts },
      changedQuestions: changed.map((row) => row.id),
    };
  }
}
