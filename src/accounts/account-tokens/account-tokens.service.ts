import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import { AccountToken, type AccountTokenPurpose } from './account-token.entity.js';

export const BAD_LINK = 'This link is not valid: it may have expired or been used already. Ask for a new one.';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues and redeems e-mailed links: random, stored as a sha256 only, single use, expiring. */
@Injectable()
export class AccountTokensService {
  constructor(@InjectRepository(AccountToken) private readonly tokens: Repository<AccountToken>) {}

  /** A new token for the member; their earlier unused tokens of this purpose stop working. */
  async issue(tx: EntityManager, userId: number, purpose: AccountTokenPurpose, ttlSeconds: number, email: string | null = null): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const repository = tx.getRepository(AccountToken);
    await repository.delete({ userId, purpose, usedAt: IsNull() });
    await repository.insert({ userId, purpose, email, tokenHash: digest(token), expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
    return token;
  }

  /** Whether the link would work now (to show its form), without using it. */
  async isUsable(purpose: AccountTokenPurpose, token: string): Promise<boolean> {
    return (await this.usable(this.tokens, purpose, token, false)) !== null;
  }

  /** Uses the token inside `tx` (locked, so two clicks cannot both use it); refuses an unknown, used or expired one. */
  async redeem(tx: EntityManager, purpose: AccountTokenPurpose, token: string): Promise<AccountToken> {
    const record = await this.usable(tx.getRepository(AccountToken), purpose, token, true);
    if (!record) throw new InvalidStateError(BAD_LINK);
    await tx.getRepository(AccountToken).update({ id: record.id }, { usedAt: new Date() });
    return record;
  }

  /** Every token of the member (their account is being erased). */
  async deleteAllOf(tx: EntityManager, userId: number): Promise<void> {
    await tx.getRepository(AccountToken).delete({ userId });
  }

  private async usable(repository: Repository<AccountToken>, purpose: AccountTokenPurpose, token: string, lock: boolean): Promise<AccountToken | null> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
    const record = await repository.findOne({
      where: { tokenHash: digest(token), purpose },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!record || record.usedAt || record.expiresAt.getTime() <= Date.now()) return null;
    return record;
  }
}
