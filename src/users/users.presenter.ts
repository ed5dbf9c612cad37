import type { ApiToken } from '../auth/entities/api-token.entity.js';
import type { Page } from '../common/http/pagination.js';
import type { User } from './entities/user.entity.js';
import { renderMarkdown } from '../common/markdown/markdown.js';
import { ROLES } from './role.js';

export interface PublicProfile {
  id: number;
  username: string;
  role: string;
  reputation: number;
  createdAt: string;
  /** An imported member: where from, the name there and the original profile (for attribution). */
  imported?: { site: string; name: string; url: string | null };
  aboutHtml?: string;
}

/** One mapper for pages and API: entities never reach a view or a response body. */
export const UsersPresenter = {
  profile(user: User): PublicProfile {
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      reputation: user.reputation,
      createdAt: user.createdAt.toISOString(),
      // Only for members who have them, so a signed-up member's profile reads as before.
      ...(user.importedFrom && {
        imported: {
          site: user.importedFrom,
          name: user.importedName ?? user.username,
          url: user.importedSourceId ? `https://${user.importedFrom}/users/${user.importedSourceId}` : null,
        },
      }),
      ...(user.about && { aboutHtml: renderMarkdown(user.about) }),
    };
  },

  me(user: User) {
    return { ...UsersPresenter.profile(user), email: user.email, suspendedUntil: user.suspendedUntil?.toISOString() ?? null, suspensionReason: user.suspendedUntil ? user.suspensionReason : null };
  },

  token(token: ApiToken) {
    return {
      id: token.id,
      name: token.name,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    };
  },

  adminRows(page: Page<User>) {
    return page.items.map((user) => ({
      ...UsersPresenter.profile(user),
      email: user.email,
      roleOptions: ROLES.map((role) => ({ value: role, selected: role === user.role })),
    }));
  },
};
