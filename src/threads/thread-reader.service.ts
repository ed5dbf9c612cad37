import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ReadRouting } from '../database/read-routing.js';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { INT4_MAX } from '../common/http/input-hygiene.js';
import { readerKey, type ReaderIdentity } from '../common/http/reader-key.js';
import type { Actor } from '../users/actor.js';
import type { User } from '../users/entities/user.entity.js';
import { Comment } from './entities/comment.entity.js';
import { Post } from './entities/post.entity.js';
import { RevisionsService } from './revisions.service.js';
import { ThreadsPolicy } from './threads.policy.js';
import { ViewCounter } from './view-counter.js';

export interface Thread {
  question: Post;
  /** In page order: the accepted answer first, then by score, then oldest first. */
  answers: Post[];
  commentsByPost: Map<number, Comment[]>;
}

export interface ProfileHighlights {
  counts: { questions: number; answers: number; accepted: number; comments: number };
  questions: { score: number; title: string; url: string }[];
  answers: { score: number; title: string; url: string }[];
}

export interface ContentSummary {
  type: 'question' | 'answer' | 'comment';
  id: number;
  title: string;
  text: string;
  url: string;
  author: string;
  hidden: boolean;
  deleted: boolean;
}


/** Everything a reader sees of threads: the lists, one thread, its revisions. */
@Injectable()
export class ThreadReader {
  constructor(
    @InjectRepository(Post) private readonly posts: Repository<Post>,
    private readonly policy: ThreadsPolicy,
    private readonly revisions: RevisionsService,
    private readonly views: ViewCounter,
    private readonly reads: ReadRouting,
  ) {}

  /**
   * One thread in one query however many answers and comments it has: the posts with their
   * authors, each carrying its comments as JSON (the hottest page on the site reads this).
   */
  async thread(actor: Actor | undefined, questionId: number): Promise<Thread> {
    const seesRemoved = this.policy.canSeeRemoved(actor);
    // Raw rows mapped by the entity's own column list: TypeORM's hydration of this query cost more than the query.
    const columns = postColumns(this.posts);
    const rows: (Record<string, unknown> & { comments: CommentRow[]; author_json: AuthorRow; duplicate_json: DuplicateRow | null })[] = await this.reads
      .dataSource()
      .query(
        `SELECT ${columns.map(({ column }) => `p.${column}`).join(', ')},
                json_build_object('id', u.id, 'username', u.username, 'reputation', u.reputation, 'role', u.role) AS author_json,
                CASE WHEN d.id IS NOT NULL THEN json_build_object('id', d.id, 'title', d.title, 'slug', d.slug, 'deletedAt', d.deleted_at, 'hiddenAt', d.hidden_at) END AS duplicate_json,
                ${commentsOfPost(seesRemoved)} AS comments
         FROM posts p LEFT JOIN users u ON u.id = p.author_id LEFT JOIN posts d ON d.id = p.duplicate_of_id
         WHERE (p.id = $1 AND p.type = 'question') OR (p.parent_id = $1 AND p.type = 'answer')`,
        [questionId],
      );
    const posts = rows.map((row) => {
      const post = new Post();
      for (const { column, property } of columns) (post as unknown as Record<string, unknown>)[property] = row[column];
      post.author = row.author_json as User;
      post.duplicateOf = row.duplicate_json
        ? Object.assign(new Post(), { ...row.duplicate_json, deletedAt: toDate(row.duplicate_json.deletedAt), hiddenAt: toDate(row.duplicate_json.hiddenAt) })
        : undefined;
      return post;
    });
    const question = posts.find((post) => post.id === questionId && post.type === 'question') ?? null;
    this.policy.assertVisible(actor, question);
    const answers = posts.filter((post) => post.type === 'answer' && (seesRemoved || (!post.deletedAt && !post.hiddenAt)));
    answers.sort(answerOrder(question.acceptedAnswerId));

    const shown = new Set([question.id, ...answers.map((answer) => answer.id)]);
    const commentsByPost = new Map<number, Comment[]>();
    for (const [i, row] of rows.entries()) {
      if (shown.has(posts[i]!.id) && row.comments.length) commentsByPost.set(posts[i]!.id, row.comments.map(toComment));
    }
    return { question, answers, commentsByPost };
  }

  async answer(actor: Actor | undefined, answerId: number): Promise<Post> {
    // One statement: findOne with relations sends two (the ids under a LIMIT, then the rows).
    const answer = await this.posts
      .createQueryBuilder('answer')
      .leftJoinAndSelect('answer.author', 'author')
      .leftJoinAndSelect('answer.parent', 'parent')
      .where(`answer.id = :answerId AND answer.type = 'answer'`, { answerId })
      .getOne();
    this.policy.assertVisible(actor, answer, 'answer');
    this.policy.assertVisible(actor, answer.parent ?? null);
    return answer;
  }

  /** A post and its revisions, oldest first. */
  async history(actor: Actor | undefined, postId: number, type: Post['type']) {
    const post = await this.posts.findOne({ where: { id: postId, type }, relations: { parent: true } });
    this.policy.assertVisible(actor, post, type);
    if (post.parent) this.policy.assertVisible(actor, post.parent);
    return { post, revisions: await this.revisions.listForPost(post.id) };
  }

  /** Counts a view at most once per viewer per hour; the write is batched off the request path. */
  recordView(questionId: number, viewer: ReaderIdentity): void {
    this.views.record(questionId, readerKey(viewer));
  }

  /**
   * What a profile shows of a member's posts, in one statement: the public counts (kept in
   * member_counts by triggers, see its migration) and their five best questions and answers that
   * this reader may see (an answer only while its question is visible too).
   */
  async profileHighlights(reader: Actor | undefined, authorId: number): Promise<ProfileHighlights> {
    const top = (type: Post['type'], title: string, url: string) => `(SELECT COALESCE(json_agg(t), '[]') FROM (
        SELECT p.score, ${title} AS title, ${url} AS url FROM posts p LEFT JOIN posts q ON q.id = p.parent_id
        WHERE p.author_id = $1 AND p.type = '${type}' AND ${this.policy.visibleSql(reader, 'p', 'q')}
        ORDER BY p.score DESC, p.id DESC LIMIT 5) t)`;
    const [row] = await this.posts.query(
      `SELECT (SELECT json_build_object('questions', questions, 'answers', answers, 'accepted', accepted, 'comments', comments)
               FROM member_counts WHERE user_id = $1) AS counts,
              ${top('question', 'p.title', `'/questions/' || p.id || '/' || p.slug`)} AS questions,
              ${top('answer', 'q.title', `'/questions/' || q.id || '/' || q.slug || '#answer-' || p.id`)} AS answers`,
      [authorId],
    );
    return { counts: row.counts ?? { questions: 0, answers: 0, accepted: 0, comments: 0 }, questions: row.questions, answers: row.answers };
  }

  /**
   * Title and address of each post (an answer links into its thread) that this reader may see, for
   * lists that mention posts; a removed post (or an answer to a removed question) has no entry.
   */
  async linksFor(reader: Actor | undefined, postIds: number[]): Promise<Map<number, { title: string; url: string }>> {
    const ids = [...new Set(postIds)].filter((id) => Number.isInteger(id) && id > 0 && id <= INT4_MAX);
    if (ids.length === 0) return new Map();
    const rows: { id: number; title: string; url: string }[] = await this.posts.query(
      `SELECT p.id, COALESCE(p.title, q.title) AS title,
              '/questions/' || COALESCE(q.id, p.id) || '/' || COALESCE(q.slug, p.slug) || CASE WHEN p.type = 'answer' THEN '#answer-' || p.id ELSE '' END AS url
       FROM posts p LEFT JOIN posts q ON q.id = p.parent_id WHERE p.id = ANY($1) AND ${this.policy.visibleSql(reader, 'p', 'q')}`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, { title: row.title, url: row.url }]));
  }

  /**
   * A question as the public sees it, with its visible answers, and the ids of every answer it
   * ever had (so an indexer can drop the removed ones); null when the question itself is gone.
   */
  async forIndexing(questionId: number): Promise<{ question: Post | null; answers: Post[]; allAnswerIds: number[] }> {
    const posts = await this.posts.find({ where: [{ id: questionId, type: 'question' }, { parentId: questionId, type: 'answer' }] });
    const visible = (post: Post) => !post.deletedAt && !post.hiddenAt;
    const question = posts.find((post) => post.id === questionId && visible(post)) ?? null;
    const answers = posts.filter((post) => post.type === 'answer');
    return { question, answers: question ? answers.filter(visible) : [], allAnswerIds: answers.map((answer) => answer.id) };
  }

  /** Ids of visible questions after `afterId`, in id order, for batch jobs. */
  /** The current scores of these posts, for the ones still visible (the search index takes them after votes). */
  async visibleScores(postIds: number[]): Promise<{ id: number; type: Post['type']; score: number }[]> {
    if (postIds.length === 0) return [];
    return this.posts.query(
      `SELECT id, type, score FROM posts WHERE id = ANY($1::int[]) AND deleted_at IS NULL AND hidden_at IS NULL`,
      [postIds],
    );
  }

  async visibleQuestionIds(afterId: number, limit: number): Promise<number[]> {
    const rows: { id: number }[] = await this.posts.query(
      `SELECT id FROM posts WHERE type = 'question' AND deleted_at IS NULL AND hidden_at IS NULL AND id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * What the moderators' queue and log show of questions, answers and comments, removed ones
   * included, keyed `type:id`.
   */
  async contentSummaries(targets: { type: 'question' | 'answer' | 'comment'; id: number }[]): Promise<Map<string, ContentSummary>> {
    const ids = (type: string) => [...new Set(targets.filter((t) => t.type === type).map((t) => t.id))];
    const rows: (ContentSummary & { key: string })[] = await this.posts.query(
      `SELECT p.type || ':' || p.id AS key, p.type, p.id, COALESCE(p.title, q.title) AS title, p.body AS text,
              '/questions/' || COALESCE(q.id, p.id) || '/' || COALESCE(q.slug, p.slug) || CASE WHEN p.type = 'answer' THEN '#answer-' || p.id ELSE '' END AS url,
              u.username AS author, p.hidden_at IS NOT NULL AS hidden, p.deleted_at IS NOT NULL AS deleted
       FROM posts p LEFT JOIN posts q ON q.id = p.parent_id JOIN users u ON u.id = p.author_id
       WHERE p.id = ANY($1)
       UNION ALL
       SELECT 'comment:' || c.id, 'comment', c.id, COALESCE(p.title, q.title), c.body,
              '/questions/' || COALESCE(q.id, p.id) || '/' || COALESCE(q.slug, p.slug) || '#comment-' || c.id,
              u.username, c.hidden_at IS NOT NULL, c.deleted_at IS NOT NULL
       FROM comments c JOIN posts p ON p.id = c.post_id LEFT JOIN posts q ON q.id = p.parent_id JOIN users u ON u.id = c.author_id
       WHERE c.id = ANY($2)`,
      [[...ids('question'), ...ids('answer')], ids('comment')],
    );
    return new Map(rows.map(({ key, ...summary }) => [key, summary]));
  }

  /**
   * Members with the best recent record in these tags (accepted and upvoted visible answers in
   * the last 90 days, an accepted answer counting 3 and each upvote point 1) who posted or
   * commented in the last week, best first. For expert routing, which filters further.
   */
  async expertCandidates(tags: string[], excludeUserId: number, limit: number): Promise<{ userId: number; points: number }[]> {
    if (tags.length === 0) return [];
    return this.posts.query(
      `WITH record AS (
         SELECT a.author_id AS user_id,
                (3 * count(*) FILTER (WHERE q.accepted_answer_id = a.id) + sum(GREATEST(a.score, 0)))::int AS points
         FROM posts a JOIN posts q ON q.id = a.parent_id
         WHERE a.type = 'answer' AND a.deleted_at IS NULL AND a.hidden_at IS NULL
           AND a.created_at > now() - interval '90 days'
           AND q.tags && $1::varchar[] AND (q.accepted_answer_id = a.id OR a.score > 0)
         GROUP BY a.author_id
       )
       SELECT r.user_id AS "userId", r.points FROM record r JOIN users u ON u.id = r.user_id
       WHERE r.user_id <> $2 AND (u.suspended_until IS NULL OR u.suspended_until < now())
         AND (EXISTS (SELECT 1 FROM posts p WHERE p.author_id = r.user_id AND p.created_at > now() - interval '7 days')
              OR EXISTS (SELECT 1 FROM comments c WHERE c.author_id = r.user_id AND c.created_at > now() - interval '7 days'))
       ORDER BY r.points DESC, r.user_id LIMIT $3`,
      [tags, excludeUserId, limit],
    );
  }

  /** Visible questions in any of these tags asked since `since` (newest first), for digests. */
  async questionsInTags(tags: string[], since: Date, limit: number): Promise<{ id: number; title: string; url: string; answerCount: number; solved: boolean }[]> {
    if (tags.length === 0) return [];
    return this.posts.query(
      `SELECT id, title, '/questions/' || id || '/' || slug AS url, answer_count AS "answerCount", accepted_answer_id IS NOT NULL AS solved
       FROM posts WHERE type = 'question' AND deleted_at IS NULL AND hidden_at IS NULL AND tags && $1::varchar[] AND created_at >= $2
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [tags, since, limit],
    );
  }

  async questionSlug(questionId: number): Promise<string> {
    const question = await this.posts.findOne({ where: { id: questionId, type: 'question' }, select: { id: true, slug: true } });
    if (!question) throw new NotFoundError('No such question.');
    return question.slug!;
  }
}

type AuthorRow = Pick<User, 'id' | 'username' | 'reputation' | 'role'>;
type DuplicateRow = Pick<Post, 'id' | 'title' | 'slug'> & { deletedAt: string | null; hiddenAt: string | null };

/** Each column of the posts entity and the property it fills, read once from TypeORM's metadata. */
let postColumnList: { column: string; property: string }[] | undefined;
function postColumns(posts: Repository<Post>): { column: string; property: string }[] {
  postColumnList ??= [...new Map(posts.metadata.columns.map((c) => [c.databaseName, { column: c.databaseName, property: c.propertyName }])).values()];
  return postColumnList;
}

interface CommentRow {
  id: number;
  postId: number;
  authorId: number;
  body: string;
  bodyHtml: string;
  deletedAt: string | null;
  hiddenAt: string | null;
  createdAt: string;
  author: Pick<User, 'id' | 'username' | 'reputation' | 'role'>;
}

/** A post's comments, oldest first, as one JSON array (a subquery of the thread query). */
function commentsOfPost(seesRemoved: boolean): string {
  return `(SELECT COALESCE(json_agg(json_build_object(
      'id', c.id, 'postId', c.post_id, 'authorId', c.author_id, 'body', c.body, 'bodyHtml', c.body_html,
      'deletedAt', c.deleted_at, 'hiddenAt', c.hidden_at, 'createdAt', c.created_at,
      'author', json_build_object('id', cu.id, 'username', cu.username, 'reputation', cu.reputation, 'role', cu.role)
    ) ORDER BY c.created_at, c.id), '[]')
    FROM comments c JOIN users cu ON cu.id = c.author_id
    WHERE c.post_id = p.id${seesRemoved ? '' : ' AND c.deleted_at IS NULL AND c.hidden_at IS NULL'})`;
}

const toDate = (value: string | null) => (value === null ? null : new Date(value));

function toComment(row: CommentRow): Comment {
  return Object.assign(new Comment(), {
    ...row,
    author: row.author as User,
    createdAt: new Date(row.createdAt),
    deletedAt: toDate(row.deletedAt),
    hiddenAt: toDate(row.hiddenAt),
  });
}

export function answerOrder(acceptedAnswerId: number | null) {
  return (a: Post, b: Post) =>
    Number(b.id === acceptedAnswerId) - Number(a.id === acceptedAnswerId) ||
    b.score - a.score ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    a.id - b.id;
}
