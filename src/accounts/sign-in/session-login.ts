import type { Request } from 'express';
import type { Actor } from '../../users/actor.js';

/** Starts the member's session (passport regenerates it, so nothing of the anonymous one carries over). */
export function logIn(req: Request, user: Actor): Promise<void> {
  return new Promise<void>((resolve, reject) => req.login(user, (error) => (error ? reject(error) : resolve())));
}
