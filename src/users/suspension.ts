import { ForbiddenError } from '../common/errors/domain-errors.js';
import type { Actor } from './actor.js';

export class SuspendedError extends ForbiddenError {}

export function isSuspended(actor: Actor, now = new Date()): boolean {
  return actor.suspendedUntil !== null && actor.suspendedUntil > now;
}

/** Every write checks this: a suspended member may read, and nothing else. */
export function assertNotSuspended(actor: Actor, now = new Date()): void {
  if (!isSuspended(actor, now)) return;
  const until = actor.suspendedUntil!.toISOString().slice(0, 16).replace('T', ' ');
  const reason = actor.suspensionReason ? ` Reason: ${actor.suspensionReason}` : '';
  throw new SuspendedError(`Your account is suspended until ${until} UTC.${reason}`);
}
