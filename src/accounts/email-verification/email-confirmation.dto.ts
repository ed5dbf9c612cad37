import { LinkToken } from '../account-tokens/link-token.field.js';
import { CurrentPassword, EmailAddress } from '../../users/dto/account-fields.js';

export class ConfirmEmailDto {
  @LinkToken()
  token: string;
}

export class ChangeEmailDto {
  @EmailAddress()
  email: string;

  /** Named `password` so a form shown again with an error never echoes it. */
  @CurrentPassword()
  password: string;
}
