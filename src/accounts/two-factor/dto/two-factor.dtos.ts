import { Transform } from 'class-transformer';
import { IsBoolean, IsString, Matches } from 'class-validator';
import { checkbox, trim } from '../../../common/http/transforms.js';

/** Six digits from the app, or a recovery code such as K7PQ-M2XD-9TRA. */
export const CODE_PATTERN = /^(\d{6}|[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4})$/;
export const CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app, or a recovery code.';

export class SecondFactorCodeDto {
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  @IsString({ message: CODE_MESSAGE })
  @Transform(trim)
  code: string;
}

export class SignInSettingsDto {
  @IsBoolean({ message: 'staffTwoFactorRequired must be true or false.' })
  @Transform(checkbox)
  staffTwoFactorRequired: boolean = false;
}
