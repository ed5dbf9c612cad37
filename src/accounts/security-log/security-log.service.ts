import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { SecurityEvent, type SecurityEventKind } from './security-event.entity.js';

export type { SecurityEventKind } from './security-event.entity.js';

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
}
