import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { isUniqueViolation } from '../common/errors/postgres-errors.js';
import type { Page, PageRequest } from '../common/http/pagination.js';
import type { RegisterUserDto } from './dto/register-user.dto.js';
import { User } from './entities/user.entity.js';
import { PasswordHasher } from './password-hasher.js';
import type { Role } from './role.js';
import { asEntity, entityColumns } from '../database/entity-rows.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  /** An account whose address counts as confirmed: operators, demo data, factories, and sign-up while confirmation is off. */
  async register(input: RegisterUserDto, role: Role = 'member'): Promise<User> {
    await this.assertAvailable(input.username, input.email);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const { id } = await this.users.save(
        this.users.create({ username: input.username, email: input.email, passwordHash, role, emailVerifiedAt: new Date() }),
      );
      return this.getById(id);
    } catch (error) {
      // Two registrations raced past the check above: the unique keys decide.
      if (isUniqueViolation(error, 'username')) throw this.usernameTaken();
      if (isUniqueViolation(error, 'email')) throw this.emailTaken();
      throw error;
    }
  }

  /**
   * An account that signs in through single sign-on: an e-mail address and no password. The first
   * free username of `usernames` is taken (callers offer a few, then numbered ones).
   */
  async registerWithoutPassword(usernames: string[], email: string, tx?: EntityManager): Promise<User> {
    const repository = tx ? tx.getRepository(User) : this.users;
    const taken = await repository
      .createQueryBuilder('user')
      .select('user.username')
      .where('user.username IN (:...usernames)', { usernames })
      .getMany();
    const takenNames = new Set(taken.map((u) => u.username.toLowerCase()));
    const username = usernames.find((name) => !takenNames.has(name.toLowerCase()));
    if (!username) throw this.usernameTaken();
    try {
      // The provider confirmed the address (creation requires email_verified not false).
      const { id } = await repository.save(repository.create({ username, email, passwordHash: null, role: 'member', emailVerifiedAt: new Date() }));
      return (await repository.findOneBy({ id }))!;
    } catch (error) {
      if (isUniqueViolation(error, 'username')) throw this.usernameTaken();
      if (isUniqueViolation(error, 'email')) throw this.emailTaken();
      throw error;
    }
  }

  /** The member whose password matches, or null; unknown names and wrong passwords look alike. */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.username = :username', { username })
      .getOne();
    // Imported members have no password: they verify like unknown names.
    const valid = await this.hasher.verify(user?.passwordHash ?? undefined, password);
    return valid && user ? user : null;
  }

  /** Read on every signed-in request (the session's member), so without TypeORM's query building. */
  async findById(id: number): Promise<User | null> {
    const [row] = await this.users.query(`SELECT ${entityColumns(this.users, 'u')} FROM users u WHERE u.id = $1`, [id]);
    return asEntity(this.users, row);
  }

  async getById(id: number): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundError('No such member.');
    return user;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  async getByUsername(username: string): Promise<User> {
    const user = await this.users.findOneBy({ username });
    if (!user) throw new NotFoundError(`No member is called ${username}.`);
    return user;
  }

  /** For operators at the command line, who act outside any session. */
  /**
   * Locks the member's row inside the caller's transaction and returns it, so a moderator's
   * action on a member and its audit entry are one change.
   */
  async lockForUpdate(tx: EntityManager, username: string): Promise<User> {
    const user = await tx.getRepository(User).findOne({ where: { username }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError(`No member is called ${username}.`);
    return user;
  }

  /** Suspends a member until `until` with a reason shown to them, or lifts it (`until` null). */
  async setSuspension(tx: EntityManager, userId: number, until: Date | null, reason: string | null): Promise<void> {
    await tx.getRepository(User).update({ id: userId }, { suspendedUntil: until, suspensionReason: until ? reason : null });
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const [items, total] = await this.users.findAndCount({
      order: { reputation: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.size,
    });
    return { items, total, page: page.number, size: page.size };
  }

  /** The ids of every member with this role (admins to tell about an integration failing). */
  async idsWithRole(role: Role): Promise<number[]> {
    return (await this.users.find({ where: { role }, select: { id: true }, order: { id: 'ASC' } })).map((u) => u.id);
  }

  /** Members by username (case-insensitive), for @mentions. */
  async findByUsernames(usernames: string[]): Promise<User[]> {
    if (usernames.length === 0) return [];
    return this.users.createQueryBuilder('u').where('u.username IN (:...names)', { names: usernames }).getMany();
  }

  count(): Promise<number> {
    return this.users.count();
  }

  private async assertAvailable(username: string, email: string): Promise<void> {
    const clashes = await this.users
      .createQueryBuilder('user')
      .select(['user.username', 'user.email'])
      .where('user.username = :username OR user.email = :email', { username, email })
      .getMany();
    if (clashes.some((u) => u.username.toLowerCase() === username.toLowerCase())) throw this.usernameTaken();
    if (clashes.length > 0) throw this.emailTaken();
  }

  private usernameTaken() {
    return new ConflictError('That username is already taken.', 'username');
  }

  private emailTaken() {
    return new ConflictError('An account with that e-mail address already exists.', 'email');
  }
}
