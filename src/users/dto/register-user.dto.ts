import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { trim } from '../../common/http/transforms.js';

// class-validator runs a property's decorators bottom-up and we stop at the first failure,
// so the most basic check (is it there at all?) sits at the bottom.
export class RegisterUserDto {
  @ApiProperty({ example: 'ada_l', description: '3–30 letters, digits, _ or -' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'Usernames may use only letters, digits, _ and -.' })
  @Length(3, 30, { message: 'Usernames are 3 to 30 characters long.' })
  @IsString({ message: 'Choose a username.' })
  @Transform(trim)
  username: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'Enter a valid e-mail address.' })
  @MaxLength(254, { message: 'That e-mail address is too long.' })
  @IsString({ message: 'Enter your e-mail address.' })
  @Transform(trim)
  email: string;

  @ApiProperty({ minLength: 10, example: 'correct horse battery' })
  @MaxLength(200, { message: 'Passwords are at most 200 characters long.' })
  @MinLength(10, { message: 'Passwords are at least 10 characters long.' })
  @IsString({ message: 'Choose a password.' })
  password: string;
}
