import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { PageRequest } from '../../common/http/pagination.js';
import { SecurityEvent, type SecurityEventKind } from './security-event.entity.js';

export type { SecurityEventKind } from './security-event.entity.js';

export interface SecurityLogFilter {
  /** The member the events are about (or who caused them), by username. */
  user?: string;
  kind?: SecurityEventKind;
}

export interface SecurityEventDraft {
  userId: number | null;
  actorId?: number | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

const USER_AGENT_LENGTH = 300;
const IP_LENGTH = 64;

/** Writes the append-only security log; pass `tx` to make the row part of the change it records. */
@Injectable()
export class SecurityLogService {
  constructor(@InjectRepository(SecurityEvent) private readonly events: Repository<SecurityEvent>) {}

  async record(kind: SecurityEventKind, event: SecurityEventDraft, tx?: EntityManager): Promise<void> {
    const repository = tx ? tx.getRepository(SecurityEvent) : this.events;
    await repository.save(repository.create({
      kind,
      userId: event.userId,
      actorId: event.actorId ?? null,
      ip: event.ip?.slice(0, IP_LENGTH) || null,
      userAgent: event.userAgent?.slice(0, USER_AGENT_LENGTH) || null,
      detail: event.detail && Object.keys(event.detail).length > 0 ? event.detail : null,
    }));
  }

  /** Blanks the address, browser and detail of the member's rows (the trigger allows only this change). */
  async erasePersonalData(tx: EntityManager, userId: number): Promise<void> {
    await tx.query('UPDATE security_events SET ip = NULL, user_agent = NULL, detail = NULL WHERE user_id = $1 OR actor_id = $1', [userId]);
  }

  /** Newest first, looking one row ahead instead of counting. Who may read it is the controller's @Roles('admin'). */
  async list(filter: SecurityLogFilter, page: PageRequest): Promise<{ items: SecurityEvent[]; hasNext: boolean }> {
    const query = this.events
      .createQueryBuilder('event')
      .leftJoinAndSelect('event.user', 'user')
      .leftJoinAndSelect('event.actor', 'actor')
      .orderBy('event.createdAt', 'DESC')
      .addOrderBy('event.id', 'DESC');
    if (filter.user) query.andWhere('(user.username = :user OR actor.username = :user)', { user: filter.user });
    if (filter.kind) query.andWhere('event.kind = :kind', { kind: filter.kind });
    const rows = await query.offset(page.offset).limit(page.size + 1).getMany();
    return { items: rows.slice(0, page.size), hasNext: rows.length > page.size };
  }
}
