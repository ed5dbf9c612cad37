import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { isUniqueViolation } from '../common/errors/postgres-errors.js';
import type { RegisterUserDto } from './dto/register-user.dto.js';
import { User } from './entities/user.entity.js';
import { PasswordHasher } from './password-hasher.js';
import type { Role } from './role.js';

/**
 * The account side of the users table: addresses and their confirmation, passwords, roles under
 * lock, erasure. The use cases (reset, confirmation, deletion) live in src/accounts and call these.
 */
@Injectable()
export class UserAccountsService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The member who signs in with this address (deleted and imported members have none). */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  /**
   * Registration that waits for the address to be confirmed. An address already in use is not
   * an error but null, after the same hashing work, so the answer cannot tell who is a member.
   * A taken username is still an error: usernames are public anyway.
   */
  async registerUnconfirmed(input: RegisterUserDto): Promise<User | null> {
    const passwordHash = await this.hasher.hash(input.password);
    const clashes = await this.users
      .createQueryBuilder('user')
      .select(['user.username', 'user.email'])
      .where('user.username = :username OR user.email = :email', { username: input.username, email: input.email })
      .getMany();
    if (clashes.some((u) => u.username.toLowerCase() === input.username.toLowerCase())) throw usernameTaken();
    if (clashes.length > 0) return null;
    try {
      const { id } = await this.users.save(this.users.create({ username: input.username, email: input.email, passwordHash, emailVerifiedAt: null }));
      return this.users.findOneByOrFail({ id });
    } catch (error) {
      if (isUniqueViolation(error) && /email/i.test(String((error as { detail?: string }).detail ?? ''))) return null;
      if (isUniqueViolation(error)) throw usernameTaken();
      throw error;
    }
  }

  /** Whether `password` is the member's current password (members without one never match). */
  async passwordMatches(userId: number, password: string): Promise<boolean> {
    const user = await this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :id', { id: userId }).getOne();
    return this.hasher.verify(user?.passwordHash ?? undefined, password);
  }

  /** False for an account that signs in only through single sign-on. */
  async hasPassword(userId: number): Promise<boolean> {
    const user = await this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :id', { id: userId }).getOne();
    return Boolean(user?.passwordHash);
  }

  async setPassword(tx: EntityManager, userId: number, password: string): Promise<void> {
    await tx.getRepository(User).update({ id: userId }, { passwordHash: await this.hasher.hash(password) });
  }

  async lockById(tx: EntityManager, id: number): Promise<User> {
    const user = await tx.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError('No such member.');
    return user;
  }

  /**
   * Confirms `email` as the member's address (a new one replaces the old). Another account that
   * took the address meanwhile keeps it: a ConflictError.
   */
  async confirmEmail(tx: EntityManager, userId: number, email: string): Promise<void> {
    try {
      await tx.getRepository(User).update({ id: userId }, { email, emailVerifiedAt: new Date() });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('That e-mail address is already in use by another account.');
      throw error;
    }
  }

  /** Locks every admin row and returns their ids, so "the last admin" cannot change under a concurrent change. */
  async lockAdmins(tx: EntityManager): Promise<number[]> {
    const rows = await tx.getRepository(User).find({ where: { role: 'admin' }, select: { id: true }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    return rows.map((row) => row.id);
  }

  async setRole(tx: EntityManager, userId: number, role: Role): Promise<void> {
    await tx.getRepository(User).update({ id: userId }, { role });
  }

  /**
   * Erases the member's personal data and keeps the row, so their posts, votes and reputation
   * stay consistent: the name becomes "deleted member N" (no one can register a name with spaces).
   */
  async erase(tx: EntityManager, userId: number): Promise<string> {
    const username = `deleted member ${userId}`;
    await tx.getRepository(User).update(
      { id: userId },
      {
        username, email: null, passwordHash: null, about: null, emailVerifiedAt: null, role: 'member',
        suspendedUntil: null, suspensionReason: null, importedName: null, deletedAt: new Date(),
      },
    );
    return username;
  }
}

function usernameTaken() {
  return new ConflictError('That username is already taken.', 'username');
}
