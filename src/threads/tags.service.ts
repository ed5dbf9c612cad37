import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors.js';
import type { Page, PageRequest } from '../common/http/pagination.js';
import { Tag } from './entities/tag.entity.js';

@Injectable()
export class TagsService {
  constructor(@InjectRepository(Tag) private readonly tags: Repository<Tag>) {}

  /** Links a question to its tags, creating new ones on first use, and counts it under each. */
  async attach(tx: EntityManager, questionId: number, names: string[]): Promise<void> {
    if (names.length === 0) return;
    // Sorted, so concurrent askers lock tag rows in the same order.
    const sorted = [...names].sort();
    await tx.query(
      `INSERT INTO tags (name, question_count) SELECT unnest($1::varchar[]), 1
       ON CONFLICT (name) DO UPDATE SET question_count = tags.question_count + 1`,
      [sorted],
    );
    await tx.query(
      `INSERT INTO post_tags (post_id, tag_id) SELECT $1, id FROM tags WHERE name = ANY($2::varchar[]) ON CONFLICT DO NOTHING`,
      [questionId, sorted],
    );
  }

  async detach(tx: EntityManager, questionId: number, names: string[]): Promise<void> {
    if (names.length === 0) return;
    const sorted = [...names].sort();
    await tx.query(`UPDATE tags SET question_count = GREATEST(question_count - 1, 0) WHERE name = ANY($1::varchar[])`, [sorted]);
    await tx.query(
      `DELETE FROM post_tags WHERE post_id = $1 AND tag_id IN (SELECT id FROM tags WHERE name = ANY($2::varchar[]))`,
      [questionId, sorted],
    );
  }

  async replace(tx: EntityManager, questionId: number, before: string[], after: string[]): Promise<void> {
    await this.detach(tx, questionId, before.filter((name) => !after.includes(name)));
    await this.attach(tx, questionId, after.filter((name) => !before.includes(name)));
  }

  /** A deleted question stops counting under its tags; an undeleted one counts again. */
  async recount(tx: EntityManager, names: string[], delta: 1 | -1): Promise<void> {
    if (names.length === 0) return;
    await tx.query(`UPDATE tags SET question_count = GREATEST(question_count + $2, 0) WHERE name = ANY($1::varchar[])`, [names, delta]);
  }

  async list(page: PageRequest): Promise<Page<Tag>> {
    const [items, total] = await this.tags.findAndCount({
      order: { questionCount: 'DESC', name: 'ASC' },
      skip: page.offset,
      take: page.size,
    });
    return { items, total, page: page.number, size: page.size };
  }

  async getByName(name: string): Promise<Tag> {
    const tag = await this.tags.findOneBy({ name });
    if (!tag) throw new NotFoundError(`There is no tag called ${name}.`);
    return tag;
  }
}
