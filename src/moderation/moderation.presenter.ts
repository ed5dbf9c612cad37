import type { ContentType } from '../threads/moderation-actions.service.js';
import type { User } from '../users/entities/user.entity.js';
import { isSuspended } from '../users/suspension.js';
import type { AuditEntry } from './entities/audit-entry.entity.js';
import type { FlagResult } from './flags.service.js';
import type { QueueItem } from './review.service.js';

const KIND: Record<ContentType, string> = { question: 'questions', answer: 'answers', comment: 'comments' };
const REASON_LABELS: Record<string, string> = { spam: 'Spam', offensive: 'Offensive', 'off-topic': 'Off-topic', other: 'Other' };
const excerpt = (text: string) => (text.length > 280 ? `${text.slice(0, 279)}…` : text);
/** "2026-11-23 18:30 UTC": end dates are shown exactly, not as "in 3 days". */
export const utcMinute = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One mapper for pages and API: entities never reach a view or a response body. */
export const ModerationPresenter = {
  flag({ flag, hidden }: FlagResult) {
    return {
      id: flag.id,
      targetType: flag.targetType,
      targetId: flag.targetId,
      reason: flag.reason,
      note: flag.note,
      status: flag.status,
      counts: flag.counts,
      createdAt: flag.createdAt.toISOString(),
      hidden,
    };
  },

  queueItem(item: QueueItem) {
    const content = item.content;
    return {
      targetType: item.targetType,
      targetId: item.targetId,
      kind: KIND[item.targetType],
      title: content?.title ?? '(gone)',
      url: content?.url ?? null,
      excerpt: content ? excerpt(content.text) : '',
      author: content?.author ?? null,
      hidden: content?.hidden ?? false,
      deleted: content?.deleted ?? false,
      editable: item.targetType !== 'comment' && !content?.deleted,
      oldest: new Date(item.oldest).toISOString(),
      flagCount: item.flags.length,
      flags: item.flags.map((flag) => ({ ...flag, label: REASON_LABELS[flag.reason] ?? flag.reason, createdAt: new Date(flag.createdAt).toISOString() })),
    };
  },

  logEntry(entry: AuditEntry) {
    return {
      id: entry.id,
      action: entry.action,
      moderator: entry.actor?.username ?? null,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetUser: entry.targetUser?.username ?? null,
      reason: entry.reason,
      details: entry.details,
      createdAt: entry.createdAt.toISOString(),
    };
  },

  member(user: User) {
    const suspended = isSuspended(user);
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      reputation: user.reputation,
      suspended,
      suspendedUntil: suspended ? user.suspendedUntil!.toISOString() : null,
      suspendedUntilText: suspended ? utcMinute(user.suspendedUntil!) : null,
      suspensionReason: suspended ? user.suspensionReason : null,
    };
  },
};
