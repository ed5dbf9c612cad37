import { Injectable } from '@nestjs/common';
import { SecurityLogService } from '../accounts/security-log/security-log.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Actor } from '../users/actor.js';
import type { User } from '../users/entities/user.entity.js';
import { isSuspended } from '../users/suspension.js';
import { UsersService } from '../users/users.service.js';
import { AuditLogService } from './audit-log.service.js';
import type { ReasonDto, SuspendDto } from './dto/moderation.dtos.js';
import { ModerationPolicy } from './moderation.policy.js';

const DAY_MS = 24 * 3600 * 1000;

/** Suspending members for a period (they may read, and nothing else) and lifting it. */
@Injectable()
export class SuspensionsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: ModerationPolicy,
    private readonly users: UsersService,
    private readonly audit: AuditLogService,
    private readonly securityLog: SecurityLogService,
  ) {}

  /** The member, as a moderator looks them up to act on them. */
  async member(actor: Actor, username: string): Promise<User> {
    this.policy.assertModerator(actor);
    return this.users.getByUsername(username);
  }

  /** A new suspension replaces a running one: the end date is now + `days`. */
  async suspend(actor: Actor, username: string, input: SuspendDto): Promise<User> {
    this.policy.assertCanModerate(actor);
    return this.transactions.inTransaction(async (tx) => {
      const member = await this.users.lockForUpdate(tx, username);
      this.policy.assertCanSuspend(actor, member);
      const until = new Date(Date.now() + input.days * DAY_MS);
      await this.users.setSuspension(tx, member.id, until, input.reason);
      await this.audit.record(tx, {
        actorId: actor.id,
        action: 'suspend',
        targetType: 'user',
        targetId: member.id,
        targetUserId: member.id,
        reason: input.reason,
        details: { days: input.days, until: until.toISOString() },
      });
      await this.securityLog.record('member-suspended', { userId: member.id, actorId: actor.id, detail: { days: input.days, until: until.toISOString() } }, tx);
      return { ...member, suspendedUntil: until, suspensionReason: input.reason };
    });
  }

  /** Lifting a suspension that is not running changes nothing (a replay is harmless). */
  async unsuspend(actor: Actor, username: string, input: ReasonDto): Promise<User> {
    this.policy.assertCanModerate(actor);
    return this.transactions.inTransaction(async (tx) => {
      const member = await this.users.lockForUpdate(tx, username);
      if (!isSuspended(member)) return member;
      await this.users.setSuspension(tx, member.id, null, null);
      await this.audit.record(tx, { actorId: actor.id, action: 'unsuspend', targetType: 'user', targetId: member.id, targetUserId: member.id, reason: input.reason });
      await this.securityLog.record('member-unsuspended', { userId: member.id, actorId: actor.id }, tx);
      return { ...member, suspendedUntil: null, suspensionReason: null };
    });
  }
}
