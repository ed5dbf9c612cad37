import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { UsersService } from '../users/users.service.js';
import type { Role } from '../users/role.js';

/** Everyone in the demo signs in with this password (it is printed at start, never used in production). */
export const DEMO_PASSWORD = 'answerbase-demo';

const DEMO_PEOPLE: { username: string; role: Role }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'morgan_mod', role: 'moderator' },
  { username: 'sam_support', role: 'agent' },
  { username: 'ada', role: 'member' },
  { username: 'linus', role: 'member' },
  { username: 'grace', role: 'member' },
  { username: 'ken', role: 'member' },
  { username: 'barbara', role: 'member' },
];

/** A small community on first run, so a newcomer sees the product working. */
export async function seedDemoIfEmpty(app: INestApplicationContext, logger: Logger): Promise<void> {
  const users = app.get(UsersService);
  if ((await users.count()) > 0) return;
  for (const person of DEMO_PEOPLE) {
    await users.register({ username: person.username, email: `${person.username}@demo.answerbase.test`, password: DEMO_PASSWORD }, person.role);
  }
  logger.info(`Demo community created: sign in as admin, morgan_mod, sam_support or ada with the password "${DEMO_PASSWORD}".`);
}
