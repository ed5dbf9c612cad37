import { Injectable } from '@nestjs/common';
import { ForbiddenError, PrivilegeRequiredError } from '../common/errors/domain-errors.js';
import type { Rules } from '../reputation/reputation.rules.js';
import type { Actor } from '../users/actor.js';
import type { User } from '../users/entities/user.entity.js';
import { isStaff } from '../users/role.js';
import { assertNotSuspended } from '../users/suspension.js';

/** Who may flag, vote to close and moderate: this area's permission rules, in one place. */
@Injectable()
export class ModerationPolicy {
  isModerator(actor: Actor | undefined): boolean {
    return actor?.role === 'moderator' || actor?.role === 'admin';
  }

  /** Reading the queue, the log and members' standing. */
  assertModerator(actor: Actor): void {
    if (!this.isModerator(actor)) throw new ForbiddenError('Only moderators can do that.');
  }

  /** Every moderator action: a suspended moderator reads, and acts on nothing. */
  assertCanModerate(actor: Actor): void {
    assertNotSuspended(actor);
    this.assertModerator(actor);
  }

  /** Any member may flag others' content, unless suspended. */
  assertCanFlag(actor: Actor, authorId: number): void {
    assertNotSuspended(actor);
    if (authorId === actor.id) throw new ForbiddenError('You cannot flag your own post.');
  }

  /** Whether a flag counts toward hiding content automatically. */
  flagCounts(actor: Actor, rules: Rules): boolean {
    return isStaff(actor.role) || actor.reputation >= rules.flagMinReputation;
  }

  assertCanVoteToClose(actor: Actor, rules: Rules): void {
    assertNotSuspended(actor);
    if (this.isModerator(actor)) return;
    if (actor.reputation < rules.privilegeClose) {
      throw new PrivilegeRequiredError(`Voting to close needs ${rules.privilegeClose} reputation; you have ${actor.reputation}.`);
    }
  }

  /** Moderators suspend members and agents; only admins suspend moderators; nobody suspends an admin or themselves. */
  assertCanSuspend(actor: Actor, member: User): void {
    this.assertCanModerate(actor);
    if (member.id === actor.id) throw new ForbiddenError('You cannot suspend yourself.');
    if (member.role === 'admin') throw new ForbiddenError('Administrators cannot be suspended.');
    if (member.role === 'moderator' && actor.role !== 'admin') throw new ForbiddenError('Only administrators can suspend moderators.');
  }
}
