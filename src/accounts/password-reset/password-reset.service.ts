import { Injectable } from '@nestjs/common';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { JobQueue } from '../../jobs/job-queue.js';
import type { Actor } from '../../users/actor.js';
import { UserAccountsService } from '../../users/user-accounts.service.js';
import { AccountMailJobs, type AccountMail } from '../account-mail/account-mail.events.js';
import { AccountTokensService, BAD_LINK } from '../account-tokens/account-tokens.service.js';
import { WRONG_PASSWORD } from '../email-verification/email-confirmation.service.js';
import type { ClientInfo } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { SessionsService } from '../sessions/sessions.service.js';

/**
 * Forgotten passwords. Asking does the same work for every address (count it, queue one job) and
 * answers alike; the job sends a link only to a member's address. Setting the new password uses
 * the link once and signs out every session of the member.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly limits: RateLimitService,
    private readonly accounts: UserAccountsService,
    private readonly tokens: AccountTokensService,
    private readonly sessions: SessionsService,
    private readonly log: SecurityLogService,
  ) {}

  async request(email: string, client: ClientInfo): Promise<void> {
    await this.limits.consume('password-reset-address', email.toLowerCase());
    await this.transactions.inTransaction((tx) =>
      this.jobs.publish<AccountMail>(tx, AccountMailJobs.send, { kind: 'password-reset', email, ip: client.ip, userAgent: client.userAgent }),
    );
  }

  isUsable(token: string): Promise<boolean> {
    return this.tokens.isUsable('password-reset', token);
  }

  async reset(token: string, password: string, client: ClientInfo): Promise<void> {
    await this.transactions.inTransaction(async (tx) => {
      const record = await this.tokens.redeem(tx, 'password-reset', token);
      const user = await this.accounts.lockById(tx, record.userId);
      if (user.deletedAt) throw new InvalidStateError(BAD_LINK);
      await this.accounts.setPassword(tx, user.id, password);
      const sessions = await this.sessions.signOutEverywhere(tx, user.id);
      await this.log.record('password-reset', { userId: user.id, ...client, detail: { sessionsEnded: sessions } }, tx);
    });
  }

  /** A signed-in member changes their password: the current one first; every other session ends. */
  async change(actor: Actor, currentPassword: string, password: string, currentSid: string, client: ClientInfo): Promise<void> {
    if (!(await this.accounts.passwordMatches(actor.id, currentPassword))) throw new InvalidStateError(WRONG_PASSWORD, 'currentPassword');
    await this.transactions.inTransaction(async (tx) => {
      await this.accounts.lockById(tx, actor.id);
      await this.accounts.setPassword(tx, actor.id, password);
      await this.sessions.signOutEverywhere(tx, actor.id, currentSid);
      await this.log.record('password-changed', { userId: actor.id, ...client }, tx);
    });
  }
}
