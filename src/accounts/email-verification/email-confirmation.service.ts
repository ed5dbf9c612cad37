import { Inject, Injectable } from '@nestjs/common';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { JobQueue } from '../../jobs/job-queue.js';
import type { Actor } from '../../users/actor.js';
import { UserAccountsService } from '../../users/user-accounts.service.js';
import { UsersService } from '../../users/users.service.js';
import { AccountMailJobs, type AccountMail } from '../account-mail/account-mail.events.js';
import { AccountTokensService, BAD_LINK } from '../account-tokens/account-tokens.service.js';
import type { ClientInfo } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';

export const WRONG_PASSWORD = 'That is not your current password.';

/** Confirming a member's address: the first one after sign-up, and a new one before it replaces the old. */
@Injectable()
export class EmailConfirmationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly limits: RateLimitService,
    private readonly users: UsersService,
    private readonly accounts: UserAccountsService,
    private readonly tokens: AccountTokensService,
    private readonly log: SecurityLogService,
  ) {}

  /** Sends the confirmation link again (the earlier one stops working). */
  async resend(actor: Actor): Promise<void> {
    const user = await this.users.getById(actor.id);
    if (!user.email || user.emailVerifiedAt) throw new InvalidStateError('Your e-mail address is already confirmed.');
    await this.limits.consume('confirmation-mail', `user:${user.id}`);
    await this.publish({ kind: 'confirm-address', userId: user.id, email: user.email });
  }

  /**
   * A new address takes effect once confirmed from a link sent to it. Whether another account
   * has it is never said here: its owner gets a notice instead of a link.
   */
  async requestChange(actor: Actor, email: string, password: string, client: ClientInfo): Promise<void> {
    if (!(await this.accounts.passwordMatches(actor.id, password))) throw new InvalidStateError(WRONG_PASSWORD, 'password');
    const user = await this.users.getById(actor.id);
    if (user.email?.toLowerCase() === email.toLowerCase()) throw new InvalidStateError('That is already your address.', 'email');
    await this.limits.consume('confirmation-mail', `user:${user.id}`);
    await this.transactions.inTransaction(async (tx) => {
      await this.log.record('email-change-requested', { userId: user.id, ...client }, tx);
      await this.jobs.publish<AccountMail>(tx, AccountMailJobs.send, { kind: 'confirm-address', userId: user.id, email });
    });
  }

  /** Whether the link still works (its page shows the button, or says to ask for a new one). */
  isUsable(token: string): Promise<boolean> {
    return this.tokens.isUsable('email', token);
  }

  /** Uses the link: the address it names becomes the member's confirmed address. */
  async confirm(token: string, client: ClientInfo): Promise<{ changed: boolean }> {
    return this.transactions.inTransaction(async (tx) => {
      const record = await this.tokens.redeem(tx, 'email', token);
      const user = await this.accounts.lockById(tx, record.userId);
      if (user.deletedAt || !record.email) throw new InvalidStateError(BAD_LINK);
      const changed = user.email?.toLowerCase() !== record.email.toLowerCase();
      await this.accounts.confirmEmail(tx, user.id, record.email);
      await this.log.record(changed ? 'email-changed' : 'email-verified', { userId: user.id, ...client }, tx);
      return { changed };
    });
  }

  get required(): boolean {
    return this.config.mail.requireVerifiedEmail;
  }

  private publish(mail: AccountMail): Promise<void> {
    return this.transactions.inTransaction((tx) => this.jobs.publish<AccountMail>(tx, AccountMailJobs.send, mail));
  }
}
