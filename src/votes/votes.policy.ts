import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidStateError, PrivilegeRequiredError } from '../common/errors/domain-errors.js';
import type { Rules } from '../reputation/reputation.rules.js';
import type { Post } from '../threads/entities/post.entity.js';
import type { Actor } from '../users/actor.js';
import { assertNotSuspended } from '../users/suspension.js';

export interface VoteControl {
  allowed: boolean;
  reason?: string;
}

/** Who may vote on what. */
@Injectable()
export class VotesPolicy {
  /** Why a member may not cast `value` here, or nothing when they may. */
  refusal(actor: Actor, post: Post, question: Post, value: 1 | -1 | 0, rules: Rules): Error | undefined {
    if (post.authorId === actor.id) return new ForbiddenError('You cannot vote on your own post.');
    if (post.deletedAt || post.hiddenAt || question.deletedAt || question.hiddenAt) return new InvalidStateError('This post has been removed.');
    if (question.lockedAt) return new InvalidStateError('This thread is locked: votes are closed.');
    if (value === 1 && actor.reputation < rules.privilegeUpvote) {
      return new PrivilegeRequiredError(`Upvoting needs ${rules.privilegeUpvote} reputation; you have ${actor.reputation}.`);
    }
    if (value === -1 && actor.reputation < rules.privilegeDownvote) {
      return new PrivilegeRequiredError(`Downvoting needs ${rules.privilegeDownvote} reputation; you have ${actor.reputation}.`);
    }
    return undefined;
  }

  assertCanVote(actor: Actor, post: Post, question: Post, value: 1 | -1 | 0, rules: Rules): void {
    assertNotSuspended(actor);
    const refusal = this.refusal(actor, post, question, value, rules);
    if (refusal) throw refusal;
  }

  /** For the thread page: whether each control works, and why not. */
  controls(actor: Actor | undefined, post: Post, question: Post, rules: Rules): { up: VoteControl; down: VoteControl } {
    const control = (value: 1 | -1): VoteControl => {
      if (!actor) return { allowed: false, reason: 'Log in to vote.' };
      const refusal = this.refusal(actor, post, question, value, rules);
      return refusal ? { allowed: false, reason: refusal.message } : { allowed: true };
    };
    return { up: control(1), down: control(-1) };
  }
}
