import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { trim } from '../../common/http/transforms.js';

// Account fields shared by the forms that take them. Validation stops at a field's first failure,
// in the order given here: the most basic check (is it there at all?) comes first.

/** The rules of a new password, wherever one is chosen (sign-up, reset, change). */
export const NewPassword = () =>
  applyDecorators(
    IsString({ message: 'Choose a password.' }),
    MinLength(10, { message: 'Passwords are at least 10 characters long.' }),
    MaxLength(200, { message: 'Passwords are at most 200 characters long.' }),
    ApiProperty({ minLength: 10, example: 'correct horse battery' }),
  );

/** The member's current password, to confirm who is asking (checked by the service). */
export const CurrentPassword = () =>
  applyDecorators(
    IsString({ message: 'Enter your current password.' }),
    MinLength(1, { message: 'Enter your current password.' }),
    MaxLength(200, { message: 'Enter your current password.' }),
    ApiProperty(),
  );

/** An e-mail address as a member types it (trimmed). */
export const EmailAddress = () =>
  applyDecorators(
    Transform(trim),
    IsString({ message: 'Enter your e-mail address.' }),
    MaxLength(254, { message: 'That e-mail address is too long.' }),
    IsEmail({}, { message: 'Enter a valid e-mail address.' }),
    ApiProperty({ example: 'ada@example.com' }),
  );
