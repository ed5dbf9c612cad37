import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { RateLimitService } from '../common/rate-limit/rate-limit.service.js';
import { renderMarkdown } from '../common/markdown/markdown.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ReputationService } from '../reputation/reputation.service.js';
import type { Rules } from '../reputation/reputation.rules.js';
import type { Actor } from '../users/actor.js';
import type { AskQuestionDto, PatchQuestionDto } from './dto/thread.dtos.js';
import { Post } from './entities/post.entity.js';
import { lockPost } from './post-locks.js';
import { RevisionsService } from './revisions.service.js';
import { JobQueue } from '../jobs/job-queue.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { threadTags } from '../page-cache/page-tags.js';
import { ThreadEvents } from './threads.events.js';
import { slugify } from './slug.js';
import { TagsService } from './tags.service.js';
import { ThreadsPolicy } from './threads.policy.js';

/** Asking, editing and deleting questions. */
@Injectable()
export class QuestionsService {
  constructor(
    @InjectRepository(Post) private readonly posts: Repository<Post>,
    private readonly transactions: TransactionRunner,
    private readonly policy: ThreadsPolicy,
    private readonly tags: TagsService,
    private readonly revisions: RevisionsService,
    private readonly rules: ReputationRulesService,
    private readonly reputation: ReputationService,
    private readonly jobs: JobQueue,
    private readonly pages: PageCache,
    private readonly limits: RateLimitService,
  ) {}

  async ask(actor: Actor, input: AskQuestionDto): Promise<Post> {
    const rules = await this.rules.current();
    this.policy.assertCanAsk(actor);
    this.policy.assertLinksAllowed(actor, input.body, rules);
    if (this.policy.isNewMember(actor, rules)) await this.limits.consume('new-member-question', `user:${actor.id}`);
    return this.transactions.inTransaction(async (tx) => {
      const question = await tx.getRepository(Post).save(
        tx.getRepository(Post).create({
          type: 'question',
          authorId: actor.id,
          title: input.title,
          slug: slugify(input.title),
          body: input.body,
          bodyHtml: renderMarkdown(input.body),
          tags: input.tags,
        }),
      );
      await this.tags.attach(tx, question.id, input.tags);
      await this.revisions.record(tx, question, actor.id);
      await this.jobs.publish(tx, ThreadEvents.postCreated, { postId: question.id, type: 'question', questionId: question.id, authorId: actor.id });
      await this.jobs.publish(tx, ThreadEvents.changed, { questionId: question.id });
      await this.pages.announce(tx, threadTags(question.id));
      return question;
    });
  }

  /** The question as its editor starts from, once they may edit it. */
  async editable(actor: Actor, questionId: number): Promise<Post> {
    const question = await this.posts.findOneBy({ id: questionId, type: 'question' });
    this.policy.assertVisible(actor, question);
    this.policy.assertCanEdit(actor, question, await this.rules.current());
    return question;
  }

  /** A new revision when something changed; an edit that changes nothing records nothing. */
  async edit(actor: Actor, questionId: number, input: PatchQuestionDto): Promise<Post> {
    const rules = await this.rules.current();
    return this.transactions.inTransaction((tx) => this.editIn(tx, actor, questionId, input, rules));
  }

  /** The edit inside the caller's transaction (a moderator's edit shares it with its audit entry). */
  async editIn(tx: EntityManager, actor: Actor, questionId: number, input: PatchQuestionDto, rules: Rules): Promise<Post> {
    const question = await lockPost(tx, questionId, 'question');
    this.policy.assertVisible(actor, question);
    this.policy.assertCanEdit(actor, question, rules);

    const title = input.title ?? question.title!;
    const body = input.body ?? question.body;
    const tags = input.tags ?? question.tags ?? [];
    const unchanged = title === question.title && body === question.body && sameTags(tags, question.tags ?? []);
    if (unchanged) return question;
    if (body !== question.body) this.policy.assertLinksAllowed(actor, body, rules);

    await this.tags.replace(tx, question.id, question.tags ?? [], tags);
    Object.assign(question, {
      title,
      slug: slugify(title),
      body,
      bodyHtml: body === question.body ? question.bodyHtml : renderMarkdown(body),
      tags,
      revisionCount: question.revisionCount + 1,
      editedAt: new Date(),
      lastEditorId: actor.id,
      lastActivityAt: new Date(),
    });
    await tx.getRepository(Post).save(question);
    await this.revisions.record(tx, question, actor.id, input.summary);
    await this.jobs.publish(tx, ThreadEvents.changed, { questionId: question.id });
    await this.pages.announce(tx, threadTags(question.id));
    return question;
  }

  /** Soft delete: gone for members and from lists and tag counts, kept for moderators. */
  async delete(actor: Actor, questionId: number): Promise<void> {
    await this.transactions.inTransaction(async (tx) => {
      const question = await lockPost(tx, questionId, 'question');
      this.policy.assertVisible(actor, question);
      this.policy.assertCanDelete(actor, question, question);
      if (question.deletedAt) return;
      await tx.getRepository(Post).update({ id: question.id }, { deletedAt: new Date(), deletedById: actor.id });
      await this.tags.recount(tx, question.tags ?? [], -1);
      // The reputation its votes and its answers' votes and acceptance earned goes with it.
      const answerIds: { id: number }[] = await tx.query(`SELECT id FROM posts WHERE parent_id = $1 AND type = 'answer'`, [question.id]);
      await this.reputation.reversePosts(tx, [question.id, ...answerIds.map((a) => a.id)]);
      await this.jobs.publish(tx, ThreadEvents.changed, { questionId: question.id });
      await this.pages.announce(tx, threadTags(question.id));
    });
  }
}

function sameTags(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}
