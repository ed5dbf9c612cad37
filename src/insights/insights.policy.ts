import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '../common/errors/domain-errors.js';
import type { Actor } from '../users/actor.js';
import { isStaff } from '../users/role.js';
import { assertNotSuspended } from '../users/suspension.js';
import type { QueueClaim } from './entities/queue-claim.entity.js';

/** Who may read the insights and work the agents' queue: this area's permission rules, in one place. */
@Injectable()
export class InsightsPolicy {
  /** Moderators, agents and admins read the dashboard. */
  assertCanReadInsights(actor: Actor): void {
    if (!isStaff(actor.role)) throw new ForbiddenError('Only support staff and community managers can see the insights.');
  }

  /** Agents (and the other staff roles, who can answer as support) see and work the queue. */
  assertCanWorkQueue(actor: Actor): void {
    assertNotSuspended(actor);
    if (!isStaff(actor.role)) throw new ForbiddenError('Only support agents can work the unanswered queue.');
  }

  /** A claim is released by its agent, or by a moderator or admin reassigning work. */
  assertCanRelease(actor: Actor, claim: QueueClaim): void {
    this.assertCanWorkQueue(actor);
    if (claim.agentId !== actor.id && actor.role === 'agent') throw new ForbiddenError('Another agent has this question; only they or a moderator can release it.');
  }

  /** Publishing figures to customers is the company's decision: admins only. */
  assertCanPublishServiceLevels(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only admins can choose what the service-levels page publishes.');
  }

  assertCanSetTargets(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only admins can change response targets.');
  }
}
