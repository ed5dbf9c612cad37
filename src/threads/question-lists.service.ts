import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-errors.js';
import type { ListPosition } from '../common/http/keyset.js';
import { ReadRouting } from '../database/read-routing.js';
import { DataSource } from 'typeorm';
import type { User } from '../users/entities/user.entity.js';
import type { QuestionSort } from './dto/thread.dtos.js';
import { Post } from './entities/post.entity.js';

export interface QuestionFilter {
  sort: QuestionSort;
  tag?: string;
  solved?: boolean;
}

export interface QuestionSlice {
  items: Post[];
  /** Known for numbered pages only. */
  page?: number;
  size: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

/** The column each sort orders by, newest or highest first, the id breaking ties (each has an index on (key, id)). */
const SORT_KEYS: Record<QuestionSort, string> = { newest: 'created_at', unanswered: 'created_at', active: 'last_activity_at', top: 'score' };

/**
 * The question lists. A numbered page skips its offset in the list's index alone and only then
 * reads the rows it shows; a page after (or before) a question starts from that question's place
 * in the index, so a deep page costs what the first one does (keyset pagination).
 */
@Injectable()
export class QuestionLists {
  constructor(
    private readonly db: DataSource,
    private readonly reads: ReadRouting,
  ) {}

  async list(filter: QuestionFilter, position: ListPosition, size: number): Promise<QuestionSlice> {
    const key = SORT_KEYS[filter.sort];
    const params: unknown[] = [size + 1];
    const where = [`q.type = 'question'`, 'q.deleted_at IS NULL', 'q.hidden_at IS NULL'];
    if (filter.sort === 'unanswered') where.push('q.answer_count = 0');
    // The planner walks the list's own index for a common tag, or the tags GIN index for a rare one.
    if (filter.tag) where.push(`q.tags @> ARRAY[$${params.push(filter.tag)}]::varchar[]`);
    if (filter.solved !== undefined) where.push(filter.solved ? 'q.accepted_answer_id IS NOT NULL' : 'q.accepted_answer_id IS NULL');

    const backwards = 'before' in position;
    let offset = '';
    if ('page' in position) {
      offset = `OFFSET $${params.push((position.page - 1) * size)}`;
    } else {
      const cursor = `$${params.push(backwards ? position.before : position.after)}`;
      // A row comparison on (key, id) is an index condition; the cursor's key is read by its id.
      where.push(`(q.${key}, q.id) ${backwards ? '>' : '<'} ((SELECT c.${key} FROM posts c WHERE c.id = ${cursor}), ${cursor})`);
    }
    const direction = backwards ? 'ASC' : 'DESC';
    const rows: ListedRow[] = await this.reads.dataSource().query(
      `SELECT q.id, q.title, q.slug, q.tags, q.score, q.answer_count, q.view_count, q.accepted_answer_id, q.has_verified_answer,
              q.created_at, q.last_activity_at, q.locked_at, a.id AS author_id, a.username, a.reputation
       FROM (SELECT q.id FROM posts q WHERE ${where.join(' AND ')} ORDER BY q.${key} ${direction}, q.id ${direction} ${offset} LIMIT $1) page
       JOIN posts q ON q.id = page.id JOIN users a ON a.id = q.author_id
       ORDER BY q.${key} DESC, q.id DESC`,
      params,
    );
    const more = rows.length > size;
    // Read one row past the page: backwards, that row is the first of the list, not the last.
    const shown = more ? (backwards ? rows.slice(1) : rows.slice(0, size)) : rows;
    if (rows.length === 0 && !('page' in position)) await this.assertCursor(backwards ? position.before : position.after);
    return {
      items: shown.map(toPost),
      page: 'page' in position ? position.page : undefined,
      size,
      hasNext: backwards ? true : more,
      hasPrevious: backwards ? more : 'page' in position ? position.page > 1 : true,
    };
  }

  /** An empty page after a question that does not exist is a bad link, not an empty list. */
  private async assertCursor(id: number): Promise<void> {
    const [found] = await this.db.query(`SELECT 1 FROM posts WHERE id = $1 AND type = 'question'`, [id]);
    if (!found) throw new NotFoundError('No such page of questions.');
  }
}

interface ListedRow {
  id: number;
  title: string;
  slug: string;
  tags: string[] | null;
  score: number;
  answer_count: number;
  view_count: number;
  accepted_answer_id: number | null;
  has_verified_answer: boolean;
  created_at: Date;
  last_activity_at: Date;
  locked_at: Date | null;
  author_id: number;
  username: string;
  reputation: number;
}

/** The fields a list row shows, without an entity's hydration. */
function toPost(row: ListedRow): Post {
  return Object.assign(new Post(), {
    id: row.id,
    type: 'question',
    title: row.title,
    slug: row.slug,
    tags: row.tags,
    score: row.score,
    answerCount: row.answer_count,
    viewCount: row.view_count,
    acceptedAnswerId: row.accepted_answer_id,
    hasVerifiedAnswer: row.has_verified_answer,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    lockedAt: row.locked_at,
    authorId: row.author_id,
    author: { id: row.author_id, username: row.username, reputation: row.reputation } as User,
  });
}
