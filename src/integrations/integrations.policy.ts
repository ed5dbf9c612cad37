import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '../common/errors/domain-errors.js';
import type { Actor } from '../users/actor.js';
import { isStaff } from '../users/role.js';

/** Who may configure integrations and escalate threads: this area's permission rules, in one place. */
@Injectable()
export class IntegrationsPolicy {
  assertCanManage(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators manage webhooks and the helpdesk connector.');
  }

  canSeeTickets(actor: Actor | undefined): boolean {
    return !!actor && isStaff(actor.role) && !actor.suspendedUntil;
  }

  assertCanEscalate(actor: Actor): void {
    if (!this.canSeeTickets(actor)) throw new ForbiddenError('Only support staff can escalate a thread to the support desk.');
  }
}
