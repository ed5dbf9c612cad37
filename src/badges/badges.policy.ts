import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '../common/errors/domain-errors.js';
import type { Actor } from '../users/actor.js';
import { assertNotSuspended } from '../users/suspension.js';

/** Who may award and revoke badges and run the super-user programme: this area's permission rules. */
@Injectable()
export class BadgesPolicy {
  /** Community managers (moderators) and admins. */
  isCommunityManager(actor: Actor | undefined): boolean {
    return actor?.role === 'moderator' || actor?.role === 'admin';
  }

  /** Reading the nominations queue and the review. */
  assertCanReviewSuperUsers(actor: Actor): void {
    if (!this.isCommunityManager(actor)) throw new ForbiddenError('Only community managers can review super-users.');
  }

  /** Awarding, revoking, approving and declining: a suspended manager reads, and acts on nothing. */
  assertCanAward(actor: Actor): void {
    assertNotSuspended(actor);
    if (!this.isCommunityManager(actor)) throw new ForbiddenError('Only community managers can award or revoke badges.');
  }

  /** The programme's numbers are admin settings. */
  assertCanConfigure(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators can change the super-user programme settings.');
  }
}
