import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { InvalidStateError, UnauthenticatedError } from '../../common/errors/domain-errors.js';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import type { Actor } from '../../users/actor.js';
import type { ClientInfo } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { RecoveryCode } from './entities/recovery-code.entity.js';
import { TwoFactorCredential } from './entities/two-factor-credential.entity.js';
import { looksLikeRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { SecretBox } from './secret-box.js';
import { matchingStep, newTotpSecret, totpUri } from './totp.js';

export const WRONG_CODE = 'That code is not right. Enter the 6-digit code your authenticator app shows now, or one of your recovery codes.';

export interface Enrolment {
  secret: string;
  uri: string;
}

/** Enrolment, verification and removal of a member's second factor (TOTP plus recovery codes). */
@Injectable()
export class TwoFactorService {
  private readonly box: SecretBox;

  constructor(
    @InjectRepository(TwoFactorCredential) private readonly credentials: Repository<TwoFactorCredential>,
    @InjectRepository(RecoveryCode) private readonly recoveryCodes: Repository<RecoveryCode>,
    private readonly transactions: TransactionRunner,
    private readonly limits: RateLimitService,
    private readonly securityLog: SecurityLogService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.signIn.twoFactorKey);
  }

  async isEnabled(userId: number): Promise<boolean> {
    return (await this.enabledCredential(userId)) !== null;
  }

  /** Recovery codes not used yet (the settings page shows how many are left). */
  unusedRecoveryCodes(userId: number): Promise<number> {
    return this.recoveryCodes.count({ where: { userId, usedAt: IsNull() } });
  }

  /**
   * The secret to enrol: the pending one if the member already opened this page (a reload shows
   * the same QR code), else a new one.
   */
  async startEnrolment(actor: Actor): Promise<Enrolment> {
    const existing = await this.credentials.findOneBy({ userId: actor.id });
    if (existing?.enabledAt) throw new InvalidStateError('Two-factor authentication is already on.');
    let secret = existing ? this.box.open(existing.secretSealed) : null;
    if (!secret) {
      secret = newTotpSecret();
      await this.credentials.upsert({ userId: actor.id, secretSealed: this.box.seal(secret), enabledAt: null, lastUsedStep: null }, ['userId']);
    }
    return { secret, uri: totpUri(secret, actor.username) };
  }

  /** Turns the pending factor on with a first code; returns the ten recovery codes (shown once). */
  async confirmEnrolment(actor: Actor, code: string, client?: ClientInfo): Promise<string[]> {
    await this.limits.consume('two-factor', String(actor.id));
    return this.transactions.inTransaction(async (tx) => {
      const credential = await tx.getRepository(TwoFactorCredential).findOne({ where: { userId: actor.id }, lock: { mode: 'pessimistic_write' } });
      if (!credential || credential.enabledAt) throw new InvalidStateError('Open the two-factor page again to start setting it up.');
      const secret = this.box.open(credential.secretSealed);
      const step = secret ? matchingStep(secret, code) : null;
      if (step === null) throw new UnauthenticatedError('That code is not right. Enter the 6-digit code your authenticator app shows now.', 'code');
      await tx.getRepository(TwoFactorCredential).update({ userId: actor.id }, { enabledAt: new Date(), lastUsedStep: step });
      const codes = await this.replaceRecoveryCodes(tx, actor.id);
      await this.securityLog.record('two-factor-enabled', { userId: actor.id, actorId: actor.id, ...client }, tx);
      return codes;
    });
  }

  /**
   * Checks a code from the authenticator app (once per time step) or an unused recovery code
   * (once ever), counted against the member's attempt budget. Throws on a wrong code.
   */
  async verify(userId: number, code: string, client?: ClientInfo): Promise<'totp' | 'recovery'> {
    await this.limits.consume('two-factor', String(userId));
    const credential = await this.enabledCredential(userId);
    if (!credential) throw new InvalidStateError('Two-factor authentication is not on for this account.');
    const kind = looksLikeRecoveryCode(code) ? await this.useRecoveryCode(userId, code) : await this.useTotp(credential, code);
    if (!kind) {
      await this.securityLog.record('two-factor-failed', { userId, ...client });
      throw new UnauthenticatedError(WRONG_CODE, 'code');
    }
    if (kind === 'recovery') await this.securityLog.record('recovery-code-used', { userId, ...client });
    return kind;
  }

  /** Turns the second factor off; a current code (or a recovery code) proves it is the member. */
  async disable(actor: Actor, code: string, client?: ClientInfo): Promise<void> {
    await this.verify(actor.id, code, client);
    await this.transactions.inTransaction(async (tx) => {
      await this.erase(tx, actor.id);
      await this.securityLog.record('two-factor-disabled', { userId: actor.id, actorId: actor.id, ...client }, tx);
    });
  }

  /** Erases the member's second factor (account deletion), inside the caller's transaction. */
  async erase(tx: EntityManager, userId: number): Promise<void> {
    await tx.getRepository(RecoveryCode).delete({ userId });
    await tx.getRepository(TwoFactorCredential).delete({ userId });
  }

  private enabledCredential(userId: number): Promise<TwoFactorCredential | null> {
    return this.credentials.createQueryBuilder('c').where('c.userId = :userId AND c.enabledAt IS NOT NULL', { userId }).getOne();
  }

  private async useTotp(credential: TwoFactorCredential, code: string): Promise<'totp' | null> {
    const secret = this.box.open(credential.secretSealed);
    const step = secret && /^\d{6}$/.test(code) ? matchingStep(secret, code) : null;
    if (step === null) return null;
    // Atomic: of two requests with the same code, one moves the step on and the other finds it used.
    const result = await this.credentials
      .createQueryBuilder()
      .update()
      .set({ lastUsedStep: step })
      .where('user_id = :userId AND (last_used_step IS NULL OR last_used_step < :step)', { userId: credential.userId, step })
      .execute();
    return result.affected ? 'totp' : null;
  }

  private async useRecoveryCode(userId: number, code: string): Promise<'recovery' | null> {
    const result = await this.recoveryCodes.update({ userId, codeHash: recoveryCodeHash(code), usedAt: IsNull() }, { usedAt: new Date() });
    return result.affected ? 'recovery' : null;
  }

  private async replaceRecoveryCodes(tx: EntityManager, userId: number): Promise<string[]> {
    const codes = newRecoveryCodes();
    await tx.getRepository(RecoveryCode).delete({ userId });
    await tx.getRepository(RecoveryCode).insert(codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code) })));
    return codes;
  }
}
