import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CurrentPassword, EmailAddress } from '../../users/dto/account-fields.js';

export class ConfirmEmailDto {
  @ApiProperty()
  @Length(1, 100, { message: 'This link is not valid: it may have expired or been used already. Ask for a new one.' })
  @IsString({ message: 'This link is not valid: it may have expired or been used already. Ask for a new one.' })
  token: string;
}

export class ChangeEmailDto {
  @EmailAddress()
  email: string;

  /** Named `password` so a form shown again with an error never echoes it. */
  @CurrentPassword()
  password: string;
}
