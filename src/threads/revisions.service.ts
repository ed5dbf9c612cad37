import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Post } from './entities/post.entity.js';
import { Revision } from './entities/revision.entity.js';

@Injectable()
export class RevisionsService {
  constructor(@InjectRepository(Revision) private readonly revisions: Repository<Revision>) {}

  /** Records the post as it now stands, as revision number `post.revisionCount`. */
  async record(tx: EntityManager, post: Post, editorId: number, summary?: string): Promise<void> {
    await tx.getRepository(Revision).insert({
      postId: post.id,
      number: post.revisionCount,
      editorId,
      title: post.title,
      body: post.body,
      tags: post.tags,
      summary: summary || null,
    });
  }

  /** Every revision of a post, oldest first, with its editor. */
  listForPost(postId: number): Promise<Revision[]> {
    return this.revisions.find({ where: { postId }, relations: { editor: true }, order: { number: 'ASC' } });
  }
}
