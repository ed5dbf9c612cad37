import type { AuditAction, AuditTargetType } from './entities/audit-entry.entity.js';

/**
 * The jobs the moderation module publishes, inside the transaction of the action they describe.
 * Subscribers (notifications) handle them idempotently.
 */
export const ModerationEvents = {
  /** A row was written to the moderation audit log: a moderator (or the system) acted. */
  actionRecorded: 'moderation.action-recorded',
} as const;

export interface ModerationActionRecorded {
  auditEntryId: number;
  /** Null for what the system did (auto-hide, community close, serial-vote reversal). */
  actorId: number | null;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: number;
  /** The author of the content acted on, or the member suspended. */
  targetUserId: number | null;
  reason: string | null;
}
