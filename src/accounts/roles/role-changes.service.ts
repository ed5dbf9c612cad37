import { Injectable } from '@nestjs/common';
import { InvalidStateError, NotFoundError } from '../../common/errors/domain-errors.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditLogService } from '../../moderation/audit-log.service.js';
import type { Actor } from '../../users/actor.js';
import type { User } from '../../users/entities/user.entity.js';
import type { Role } from '../../users/role.js';
import { UserAccountsService } from '../../users/user-accounts.service.js';
import { UsersPolicy } from '../../users/users.policy.js';
import { UsersService } from '../../users/users.service.js';
import type { ClientInfo } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';

export const LAST_ADMIN = 'The site needs at least one administrator: make someone else an administrator first.';

/** An admin changes a member's role: written with its moderation-log and security-log rows; never leaves the site without an admin. */
@Injectable()
export class RoleChangesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: UsersPolicy,
    private readonly users: UsersService,
    private readonly accounts: UserAccountsService,
    private readonly audit: AuditLogService,
    private readonly securityLog: SecurityLogService,
  ) {}

  async change(actor: Actor, username: string, role: Role, client?: ClientInfo): Promise<User> {
    this.policy.assertCanManageRoles(actor);
    return this.transactions.inTransaction(async (tx) => {
      // Admins first (always in id order), then the member: one lock order for every role change.
      const admins = await this.accounts.lockAdmins(tx);
      const member = await this.users.lockForUpdate(tx, username);
      if (member.deletedAt) throw new NotFoundError(`No member is called ${username}.`);
      if (member.role === role) return member;
      if (member.role === 'admin' && admins.length <= 1) throw new InvalidStateError(LAST_ADMIN);
      await this.accounts.setRole(tx, member.id, role);
      const detail = { from: member.role, to: role };
      await this.audit.record(tx, { actorId: actor.id, action: 'change-role', targetType: 'user', targetId: member.id, targetUserId: member.id, details: detail });
      await this.securityLog.record('role-changed', { userId: member.id, actorId: actor.id, ...client, detail }, tx);
      return { ...member, role };
    });
  }
}
