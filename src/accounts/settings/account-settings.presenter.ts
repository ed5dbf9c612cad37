import type { User } from '../../users/entities/user.entity.js';

export const AccountSettingsPresenter = {
  account(user: User) {
    return {
      username: user.username,
      email: user.email,
      emailConfirmed: !!user.emailVerifiedAt,
      memberSince: user.createdAt.toISOString(),
    };
  },
};
