import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import type { ClientInfo } from '../accounts/security-log/client-info.js';
import { SecurityLogService } from '../accounts/security-log/security-log.service.js';
import { NotFoundError, UnauthenticatedError } from '../common/errors/domain-errors.js';
import type { Actor } from '../users/actor.js';
import type { User } from '../users/entities/user.entity.js';
import { assertNotSuspended } from '../users/suspension.js';
import { UsersService } from '../users/users.service.js';
import { FreshSecondFactor } from '../accounts/sign-in/fresh-second-factor.service.js';
import type { CreateTokenDto } from './dto/create-token.dto.js';
import { WRONG_CREDENTIALS } from './local-auth.guard.js';
import { ApiToken } from './entities/api-token.entity.js';

const TOKEN_PREFIX = 'ab_';
/** last_used_at is a hint for the owner, not an audit trail: write it at most once a minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly users: UsersService,
    private readonly secondFactor: FreshSecondFactor,
    private readonly log: SecurityLogService,
  ) {}

  /** Exchanges a username and password (and code, with two-factor on) for a new token (shown once, never stored in the clear). */
  async issueForCredentials(input: CreateTokenDto, client?: ClientInfo): Promise<{ token: string; record: ApiToken }> {
    const user = await this.users.verifyCredentials(input.username, input.password);
    if (!user) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    // Signing in with a password is no way around suspension: a new token would be a new way to write.
    assertNotSuspended(user);
    // Nor around the second factor, or around LOCAL_LOGIN=staff-only.
    await this.secondFactor.assertForCredentials(user, input.code, client);
    return this.issue(user, input.name ?? 'API token', client);
  }

  async issue(owner: Actor, name: string, client?: ClientInfo): Promise<{ token: string; record: ApiToken }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const record = await this.tokens.save(this.tokens.create({ userId: owner.id, name, tokenHash: digest(token) }));
    await this.log.record('token-created', { userId: owner.id, ...client, detail: { tokenId: record.id, name } });
    return { token, record };
  }

  listActive(owner: Actor): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId: owner.id, revokedAt: IsNull() }, order: { id: 'DESC' } });
  }

  async revoke(owner: Actor, tokenId: number, client?: ClientInfo): Promise<void> {
    const result = await this.tokens.update({ id: tokenId, userId: owner.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new NotFoundError('No such token.');
    await this.log.record('token-revoked', { userId: owner.id, ...client, detail: { tokenId } });
  }

  /** Erases every token of the member, revoked or not (their account is being deleted). */
  async eraseAllOf(tx: EntityManager, userId: number): Promise<void> {
    await tx.getRepository(ApiToken).delete({ userId });
  }

  /** The token's owner, or null for an unknown or revoked token. */
  async authenticate(token: string): Promise<User | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    // One statement: findOne with a relation sends two (the ids under a LIMIT, then the rows), on every API request.
    const record = await this.tokens
      .createQueryBuilder('token')
      .innerJoinAndSelect('token.user', 'user')
      .where('token.tokenHash = :hash AND token.revokedAt IS NULL', { hash: digest(token) })
      .getOne();
    if (!record) return null;
    if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: record.id }, { lastUsedAt: new Date() });
    }
    return record.user;
  }
}
