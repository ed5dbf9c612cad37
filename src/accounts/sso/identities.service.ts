import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { ConflictError } from '../../common/errors/domain-errors.js';
import { isUniqueViolation } from '../../common/errors/postgres-errors.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import type { Actor } from '../../users/actor.js';
import type { User } from '../../users/entities/user.entity.js';
import { UsersService } from '../../users/users.service.js';
import type { ClientInfo } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { ExternalIdentity } from './entities/external-identity.entity.js';

/** An identity proved by the provider, not yet anyone's: it waits for its account's owner to sign in. */
export interface PendingIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  label: string;
}

declare module 'express-session' {
  interface SessionData {
    pendingIdentity?: PendingIdentity;
  }
}

/** Which member each provider identity signs in as; links are made by the member, never by e-mail alone. */
@Injectable()
export class IdentitiesService {
  constructor(
    @InjectRepository(ExternalIdentity) private readonly identities: Repository<ExternalIdentity>,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly securityLog: SecurityLogService,
  ) {}

  /** The member this identity signs in as (its last sign-in noted), or null for an identity seen first. */
  async signingIn(issuer: string, subject: string): Promise<User | null> {
    const identity = await this.identities.findOneBy({ issuer, subject });
    if (!identity) return null;
    await this.identities.update({ id: identity.id }, { lastSignInAt: new Date() });
    return this.users.findById(identity.userId);
  }

  /** Links the identity to a member who has just signed in to their own account; returns the provider's label. */
  async link(user: Actor, identity: PendingIdentity, client?: ClientInfo): Promise<string> {
    try {
      await this.identities.insert({ userId: user.id, issuer: identity.issuer, subject: identity.subject, email: identity.email, lastSignInAt: new Date() });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.identities.findOneBy({ issuer: identity.issuer, subject: identity.subject });
      if (existing?.userId !== user.id) throw new ConflictError(`That ${identity.label} account is already linked to another member.`);
      return identity.label;
    }
    await this.securityLog.record('sso-linked', { userId: user.id, actorId: user.id, ...client, detail: { issuer: identity.issuer } });
    return identity.label;
  }

  /** A new member from the provider's claims, with the identity linked, in one transaction. */
  async createAccount(identity: PendingIdentity & { email: string }, usernames: string[], client?: ClientInfo): Promise<User> {
    return this.transactions.inTransaction(async (tx) => {
      const user = await this.users.registerWithoutPassword(usernames, identity.email, tx);
      await tx.getRepository(ExternalIdentity).insert({ userId: user.id, issuer: identity.issuer, subject: identity.subject, email: identity.email, lastSignInAt: new Date() });
      await this.securityLog.record('sso-linked', { userId: user.id, actorId: user.id, ...client, detail: { issuer: identity.issuer, created: true } }, tx);
      return user;
    });
  }

  /** Erases the member's links to providers (account deletion), inside the caller's transaction. */
  async erase(tx: EntityManager, userId: number): Promise<void> {
    await tx.getRepository(ExternalIdentity).delete({ userId });
  }
}
