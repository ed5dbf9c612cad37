import type { EntityManager } from 'typeorm';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import type { UserAccountsService } from '../../users/user-accounts.service.js';

export const LAST_ADMIN = 'The site needs at least one administrator: make someone else an administrator first.';

/**
 * The site keeps an admin: refuses to let `userId` stop being one (demoted, deleted) when they are
 * the last. Locks every admin row (in id order) for the rest of `tx`, so two admins cannot both go.
 */
export async function assertNotLastAdmin(accounts: UserAccountsService, tx: EntityManager, userId: number): Promise<void> {
  const admins = await accounts.lockAdmins(tx);
  if (admins.includes(userId) && admins.length <= 1) throw new InvalidStateError(LAST_ADMIN);
}
