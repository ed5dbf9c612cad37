import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Actor } from '../users/actor.js';
import { AuditEntry, type AuditAction, type AuditTargetType } from './entities/audit-entry.entity.js';
import { ModerationEvents, type ModerationActionRecorded } from './moderation.events.js';
import { ModerationPolicy } from './moderation.policy.js';

export interface AuditDraft {
  actorId: number | null;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: number;
  targetUserId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  moderator?: string;
  action?: AuditAction;
  targetType?: AuditTargetType;
  targetId?: number;
}

/** Writes (inside the action's transaction) and reads the moderation audit log; nothing edits it. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly policy: ModerationPolicy,
    private readonly jobs: JobQueue,
  ) {}

  async record(tx: EntityManager, draft: AuditDraft): Promise<void> {
    const entry = await tx.getRepository(AuditEntry).save({
      actorId: draft.actorId,
      action: draft.action,
      targetType: draft.targetType,
      targetId: draft.targetId,
      targetUserId: draft.targetUserId ?? null,
      reason: draft.reason?.trim() || null,
      details: draft.details && Object.keys(draft.details).length > 0 ? draft.details : null,
    });
    await this.jobs.publish<ModerationActionRecorded>(tx, ModerationEvents.actionRecorded, {
      auditEntryId: entry.id,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetUserId: entry.targetUserId,
      reason: entry.reason,
    });
  }

  /** Newest first, looking one row ahead instead of counting. */
  async list(actor: Actor, filter: AuditFilter, page: PageRequest): Promise<{ items: AuditEntry[]; hasNext: boolean }> {
    this.policy.assertModerator(actor);
    const query = this.entries
      .createQueryBuilder('entry')
      .leftJoinAndSelect('entry.actor', 'actor')
      .leftJoinAndSelect('entry.targetUser', 'targetUser')
      .orderBy('entry.createdAt', 'DESC')
      .addOrderBy('entry.id', 'DESC');
    if (filter.moderator) query.andWhere('actor.username = :moderator', { moderator: filter.moderator });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.targetType) query.andWhere('entry.targetType = :targetType', { targetType: filter.targetType });
    if (filter.targetId) query.andWhere('entry.targetId = :targetId', { targetId: filter.targetId });
    const rows = await query.offset(page.offset).limit(page.size + 1).getMany();
    return { items: rows.slice(0, page.size), hasNext: rows.length > page.size };
  }
}
