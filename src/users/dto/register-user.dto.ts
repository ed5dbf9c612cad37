import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { trim } from '../../common/http/transforms.js';
import { EmailAddress, NewPassword } from './account-fields.js';

// class-validator runs a property's decorators bottom-up and we stop at the first failure,
// so the most basic check (is it there at all?) sits at the bottom.
export class RegisterUserDto {
  @ApiProperty({ example: 'ada_l', description: '3–30 letters, digits, _ or -' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'Usernames may use only letters, digits, _ and -.' })
  @Length(3, 30, { message: 'Usernames are 3 to 30 characters long.' })
  @IsString({ message: 'Choose a username.' })
  @Transform(trim)
  username: string;

  @EmailAddress()
  email: string;

  @NewPassword()
  password: string;
}
