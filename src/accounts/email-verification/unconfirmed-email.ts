import { SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';

export const ALLOWED_UNCONFIRMED = 'access:allowed-unconfirmed';

/** A write a member may make before confirming their address (account settings, resending the link). */
export const AllowedUnconfirmed = () => SetMetadata(ALLOWED_UNCONFIRMED, true);

export const CONFIRM_FIRST = 'Please confirm your e-mail address before posting: follow the link we e-mailed you, or ask for a new one from the notice at the top of the page.';

interface AccountState {
  email?: string | null;
  emailVerifiedAt?: Date | null;
  deletedAt?: Date | null;
}

/** Whether this member must still confirm their address before they may write. */
export function mustConfirmEmail(config: AppConfig, user: AccountState | undefined): boolean {
  return !!user && config.mail.requireVerifiedEmail && !!user.email && !user.emailVerifiedAt && !user.deletedAt;
}
