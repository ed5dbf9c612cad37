import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { JobQueue } from '../../jobs/job-queue.js';
import { EMAIL_SENDER, type EmailSender } from '../../notifications/email-sender.js';
import { UserAccountsService } from '../../users/user-accounts.service.js';
import { UsersService } from '../../users/users.service.js';
import { AccountTokensService } from '../account-tokens/account-tokens.service.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { AccountMailJobs, type AccountMail } from './account-mail.events.js';

export const RESET_LINK_SECONDS = 3600;
export const CONFIRM_LINK_SECONDS = 48 * 3600;

/**
 * Sends account e-mail (reset links, confirmation links, address-in-use notices) through the
 * notifications' e-mail sender, as jobs: the request that asked answers at once and alike for
 * every address. A retry issues a fresh link; the earlier one stops working.
 */
@Injectable()
export class AccountMailer implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
    private readonly jobs: JobQueue,
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly accounts: UserAccountsService,
    private readonly tokens: AccountTokensService,
    private readonly log: SecurityLogService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<AccountMail>(AccountMailJobs.send, (mail) => this.send(mail));
  }

  async send(mail: AccountMail): Promise<void> {
    if (mail.kind === 'password-reset') return this.resetLink(mail);
    if (mail.kind === 'confirm-address') return this.confirmationLink(mail.userId, mail.email);
    return this.addressInUse(mail.email);
  }

  private async resetLink(mail: Extract<AccountMail, { kind: 'password-reset' }>): Promise<void> {
    const user = await this.accounts.findByEmail(mail.email);
    if (!user?.email) return;
    const token = await this.transactions.inTransaction(async (tx) => {
      await this.log.record('password-reset-requested', { userId: user.id, ip: mail.ip, userAgent: mail.userAgent }, tx);
      return this.tokens.issue(tx, user.id, 'password-reset', RESET_LINK_SECONDS);
    });
    await this.sender.send({
      to: user.email,
      subject: 'AnswerBase: reset your password',
      text: `Hello ${user.username},\n\nsomeone (we hope you) asked to reset your AnswerBase password. Choose a new one here within an hour:\n\n${this.link(`/reset-password/${token}`)}\n\nThe link works once. If you did not ask, ignore this e-mail: your password stays as it is.\n`,
    });
  }

  private async confirmationLink(userId: number, email: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || user.deletedAt) return;
    const sameAddress = user.email?.toLowerCase() === email.toLowerCase();
    if (sameAddress && user.emailVerifiedAt) return;
    const owner = sameAddress ? null : await this.accounts.findByEmail(email);
    if (owner) return this.addressInUse(email);
    const token = await this.transactions.inTransaction((tx) => this.tokens.issue(tx, user.id, 'email', CONFIRM_LINK_SECONDS, email));
    await this.sender.send({
      to: email,
      subject: 'AnswerBase: confirm your e-mail address',
      text: `Hello ${user.username},\n\nplease confirm that this is your address for AnswerBase:\n\n${this.link(`/confirm-email/${token}`)}\n\nThe link works once, for 48 hours. If you did not ask for this, ignore this e-mail.\n`,
    });
  }

  private async addressInUse(email: string): Promise<void> {
    const owner = await this.accounts.findByEmail(email);
    if (!owner?.email) return;
    await this.sender.send({
      to: owner.email,
      subject: 'AnswerBase: your address was used to sign up',
      text: `Hello ${owner.username},\n\nsomeone tried to create an AnswerBase account (or move one) to this address, which already belongs to your account. Nothing changed.\n\nIf it was you: log in at ${this.link('/login')}, or reset your password at ${this.link('/forgot-password')}.\n`,
    });
  }

  private link(path: string): string {
    return `${this.config.mail.publicUrl}${path}`;
  }
}
