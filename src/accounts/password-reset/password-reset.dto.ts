import { LinkToken } from '../account-tokens/link-token.field.js';
import { CurrentPassword, EmailAddress, NewPassword } from '../../users/dto/account-fields.js';

export class RequestResetDto {
  @EmailAddress()
  email: string;
}

/** The token from the e-mailed link (a form's hidden field) and the new password. */
export class ResetPasswordDto {
  @LinkToken()
  token: string;

  @NewPassword()
  password: string;
}

export class ChangePasswordDto {
  @CurrentPassword()
  currentPassword: string;

  @NewPassword()
  password: string;
}
