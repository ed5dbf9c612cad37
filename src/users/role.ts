export const ROLES = ['member', 'agent', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Support staff: exempt from new-member limits, may act on any thread. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'moderator', 'admin'];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}
