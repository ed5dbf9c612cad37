import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/domain-errors.js';
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
import { assertNotLastAdmin } from './last-admin.js';

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
    return this.write(actor, username, role, client);
  }

  /** The operator's `users:role` command: no one signed in, the same rules and logs (actor: none). */
  async changeByOperator(username: string, role: Role): Promise<User> {
    return this.write(null, username, role);
  }

  private write(actor: Actor | null, username: string, role: Role, client?: ClientInfo): Promise<User> {
    return this.transactions.inTransaction(async (tx) => {
      const member = await this.users.getByUsername(username);
      if (member.deletedAt) throw new NotFoundError(`No member is called ${username}.`);
      // Admins first (in id order), then the member: one lock order for every role change.
      if (role !== 'admin') await assertNotLastAdmin(this.accounts, tx, member.id);
      const locked = await this.users.lockForUpdate(tx, username);
      if (locked.role === role) return locked;
      await this.accounts.setRole(tx, locked.id, role);
      const detail = { from: locked.role, to: role };
      await this.audit.record(tx, { actorId: actor?.id ?? null, action: 'change-role', targetType: 'user', targetId: member.id, targetUserId: member.id, details: detail });
      await this.securityLog.record('role-changed', { userId: member.id, actorId: actor?.id ?? null, ...client, detail: actor ? detail : { ...detail, by: 'operator' } }, tx);
      return { ...locked, role };
    });
  }
}
