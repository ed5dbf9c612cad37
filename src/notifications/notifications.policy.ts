import { Injectable } from '@nestjs/common';

/** Who is told what: this area's rules, in one place. */
@Injectable()
export class NotificationsPolicy {
  /** Nobody is notified of their own action; the system (no actor) notifies everyone concerned. */
  shouldNotify(recipientId: number | null | undefined, actorId: number | null): recipientId is number {
    return typeof recipientId === 'number' && recipientId !== actorId;
  }

  /** Moderator actions a member hears about: what was done to their content (not a dismissed flag). */
  isNotifiableModeration(action: string, targetType: string): boolean {
    return targetType !== 'user' && !['dismiss', 'reverse-serial-votes'].includes(action);
  }
}
