import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { JobQueue } from '../../jobs/job-queue.js';
import type { RegisterUserDto } from '../../users/dto/register-user.dto.js';
import type { User } from '../../users/entities/user.entity.js';
import { UserAccountsService } from '../../users/user-accounts.service.js';
import { UsersService } from '../../users/users.service.js';
import { AccountMailJobs, type AccountMail } from '../account-mail/account-mail.events.js';
import { EmailConfirmationService } from '../email-verification/email-confirmation.service.js';
import { LocalLoginPolicy } from '../sign-in/local-login.policy.js';

/** Signed up: either in at once (confirmation off), or "check your e-mail" (the same answer for a taken address). */
export type Registration = { user: User } | { checkEmail: true };

/**
 * Sign-up. While addresses must be confirmed, the answer never says whether an address has an
 * account: a new one gets a confirmation link, a taken one's owner a notice, and both the same reply.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly users: UsersService,
    private readonly accounts: UserAccountsService,
    private readonly confirmation: EmailConfirmationService,
    private readonly localLogin: LocalLoginPolicy,
  ) {}

  async register(input: RegisterUserDto): Promise<Registration> {
    this.localLogin.assertPasswordRegistration();
    if (!this.confirmation.required) return { user: await this.users.register(input) };
    const user = await this.accounts.registerUnconfirmed(input);
    const mail: AccountMail = user ? { kind: 'confirm-address', userId: user.id, email: input.email } : { kind: 'address-in-use', email: input.email };
    await this.transactions.inTransaction((tx) => this.jobs.publish<AccountMail>(tx, AccountMailJobs.send, mail));
    return { checkEmail: true };
  }
}
