import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CurrentPassword, EmailAddress, NewPassword } from '../../users/dto/account-fields.js';

export class RequestResetDto {
  @EmailAddress()
  email: string;
}

/** The token from the e-mailed link (a form's hidden field) and the new password. */
export class ResetPasswordDto {
  @ApiProperty()
  @Length(1, 100, { message: 'This link is not valid: it may have expired or been used already. Ask for a new one.' })
  @IsString({ message: 'This link is not valid: it may have expired or been used already. Ask for a new one.' })
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
