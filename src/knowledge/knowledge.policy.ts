import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidStateError, NotFoundError } from '../common/errors/domain-errors.js';
import type { Post } from '../threads/entities/post.entity.js';
import type { Actor } from '../users/actor.js';
import { isStaff } from '../users/role.js';
import { assertNotSuspended } from '../users/suspension.js';
import type { Article } from './entities/article.entity.js';

/** Who may do what in the knowledge base: this area's permission rules, in one place. */
@Injectable()
export class KnowledgePolicy {
  /** Agents, moderators and admins curate: promote, edit, publish, review, see drafts and counts. */
  canCurate(actor: Actor | undefined): boolean {
    return !!actor && isStaff(actor.role);
  }

  assertCanCurate(actor: Actor, what = 'work on knowledge-base articles'): void {
    assertNotSuspended(actor);
    if (!this.canCurate(actor)) throw new ForbiddenError(`Only support staff can ${what}.`);
  }

  assertCanPromote(actor: Actor): void {
    this.assertCanCurate(actor, 'promote answers to the knowledge base');
  }

  /** Only an answer everyone can read becomes an article. */
  assertPromotable(answer: Post, question: Post): void {
    if (answer.deletedAt || answer.hiddenAt) throw new InvalidStateError('Deleted or hidden answers cannot be promoted.');
    if (question.deletedAt || question.hiddenAt) throw new InvalidStateError('Answers to deleted or hidden questions cannot be promoted.');
  }

  /** Drafts exist only for curators: everyone else gets "not found". */
  assertVisible(actor: Actor | undefined, article: Article | null): asserts article is Article {
    if (!article || (article.status !== 'published' && !this.canCurate(actor))) throw new NotFoundError('No such article.');
  }

  assertCanRate(article: Article): void {
    if (article.status !== 'published') throw new InvalidStateError('Only published articles can be rated.');
  }
}
