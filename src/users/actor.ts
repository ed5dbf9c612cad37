import type { Role } from './role.js';

/** Who is acting: the signed-in member on a page, or the owner of an API token. */
export interface Actor {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly reputation: number;
  readonly suspendedUntil: Date | null;
  readonly suspensionReason: string | null;
}
