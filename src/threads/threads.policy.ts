import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidStateError, NotFoundError, PrivilegeRequiredError, ValidationFailedError } from '../common/errors/domain-errors.js';
import { countLinks } from '../common/markdown/markdown.js';
import type { Rules } from '../reputation/reputation.rules.js';
import type { Actor } from '../users/actor.js';
import { isStaff } from '../users/role.js';
import { assertNotSuspended } from '../users/suspension.js';
import type { Post } from './entities/post.entity.js';

/** Who may do what to a thread: this area's permission rules, in one place. */
@Injectable()
export class ThreadsPolicy {
  /** Moderators and admins see deleted and hidden posts (marked as such); nobody else does. */
  canSeeRemoved(actor: Actor | undefined): boolean {
    return actor?.role === 'moderator' || actor?.role === 'admin';
  }

  /**
   * The same rule as SQL, for lists and lookups that filter in the query: the post `alias` (and,
   * for an answer or comment, its question `questionAlias`, which may be NULL for a question itself)
   * is one this reader may see. Every read that shows a post, a title or a count goes through here.
   */
  visibleSql(actor: Actor | undefined, alias: string, questionAlias?: string): string {
    if (this.canSeeRemoved(actor)) return 'TRUE';
    const own = `(${alias}.deleted_at IS NULL AND ${alias}.hidden_at IS NULL)`;
    if (!questionAlias) return own;
    return `${own} AND (${questionAlias}.id IS NULL OR (${questionAlias}.deleted_at IS NULL AND ${questionAlias}.hidden_at IS NULL))`;
  }

  assertVisible(actor: Actor | undefined, post: Post | null, what = 'question'): asserts post is Post {
    if (!post || ((post.deletedAt || post.hiddenAt) && !this.canSeeRemoved(actor))) {
      throw new NotFoundError(`No such ${what}.`);
    }
  }

  assertCanAsk(actor: Actor): void {
    assertNotSuspended(actor);
  }

  assertCanAnswer(actor: Actor, question: Post): void {
    assertNotSuspended(actor);
    this.assertOpen(question);
    if (question.closedAt) throw new InvalidStateError('This question is closed: it takes no new answers.');
  }

  /** New members (below the new-member reputation, staff excepted) face the anti-spam limits. */
  isNewMember(actor: Actor, rules: Rules): boolean {
    return !isStaff(actor.role) && actor.reputation < rules.newMemberBelow;
  }

  /** New members may put only a few links in a post. */
  assertLinksAllowed(actor: Actor, body: string, rules: Rules): void {
    if (!this.isNewMember(actor, rules)) return;
    const links = countLinks(body);
    if (links > rules.newMemberLinks) {
      throw new ValidationFailedError({
        body: [`New members may include at most ${rules.newMemberLinks} links in a post; this one has ${links}. Earn ${rules.newMemberBelow} reputation to lift the limit.`],
      });
    }
  }

  /** On your own posts and on answers to your question always; elsewhere from the comment privilege. */
  assertCanComment(actor: Actor, question: Post, post: Post, rules: Rules): void {
    assertNotSuspended(actor);
    this.assertOpen(question);
    const own = post.authorId === actor.id || question.authorId === actor.id;
    if (!own && !isStaff(actor.role) && actor.reputation < rules.privilegeComment) {
      throw new PrivilegeRequiredError(`Commenting on others' posts needs ${rules.privilegeComment} reputation; you have ${actor.reputation}.`);
    }
  }

  /** Your own posts always; others' posts from the edit privilege (their edits are revisions naming them). */
  assertCanEdit(actor: Actor, post: Post, rules: Rules): void {
    assertNotSuspended(actor);
    if (post.deletedAt) throw new InvalidStateError('Deleted posts cannot be edited.');
    if (post.authorId === actor.id || this.isModerator(actor)) return;
    if (actor.reputation < rules.privilegeEdit) {
      throw new PrivilegeRequiredError(`You can edit only your own posts until you have ${rules.privilegeEdit} reputation.`);
    }
  }

  assertCanDelete(actor: Actor, post: Post, question: Post): void {
    assertNotSuspended(actor);
    if (this.isModerator(actor)) return;
    if (post.authorId !== actor.id) throw new ForbiddenError('You can delete only your own posts.');
    if (post.type === 'answer' && question.acceptedAnswerId === post.id) {
      throw new InvalidStateError('An accepted answer cannot be deleted by its author.');
    }
  }

  assertCanDeleteComment(actor: Actor, authorId: number): void {
    assertNotSuspended(actor);
    if (authorId !== actor.id && !this.isModerator(actor)) throw new ForbiddenError('You can delete only your own comments.');
  }

  /** The asker accepts; staff may mark the solution only while the asker has not. */
  assertCanAccept(actor: Actor, question: Post): void {
    assertNotSuspended(actor);
    if (question.authorId === actor.id) return;
    if (!isStaff(actor.role)) throw new ForbiddenError('Only the person who asked can accept an answer.');
    if (question.acceptedAnswerId !== null && question.acceptedById === question.authorId) {
      throw new ForbiddenError('The asker has already accepted an answer.');
    }
  }

  assertCanUnaccept(actor: Actor, question: Post): void {
    assertNotSuspended(actor);
    if (question.authorId === actor.id) return;
    if (!isStaff(actor.role) || question.acceptedById === question.authorId) {
      throw new ForbiddenError('Only the person who asked can unaccept their answer.');
    }
  }

  assertCanVerify(actor: Actor): void {
    assertNotSuspended(actor);
    if (!isStaff(actor.role)) throw new ForbiddenError('Only support staff can verify answers.');
  }

  private assertOpen(question: Post): void {
    if (question.deletedAt) throw new InvalidStateError('This question has been deleted.');
    if (question.lockedAt) throw new InvalidStateError('This thread is locked: no new answers, comments or votes.');
  }

  /** Moderators and admins: they act on any post and see removed ones. */
  isModerator(actor: Actor | undefined): boolean {
    return actor?.role === 'moderator' || actor?.role === 'admin';
  }
}
