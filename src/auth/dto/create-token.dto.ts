import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class CreateTokenDto {
  @ApiProperty()
  @Length(1, 30, { message: 'Enter your username.' })
  @IsString({ message: 'Enter your username.' })
  username: string;

  @ApiProperty()
  @Length(1, 200, { message: 'Enter your password.' })
  @IsString({ message: 'Enter your password.' })
  password: string;

  @ApiPropertyOptional({ description: 'A label to recognise the token by', maxLength: 60 })
  @MaxLength(60, { message: 'Token names are at most 60 characters long.' })
  @IsString({ message: 'Token names are text.' })
  @IsOptional()
  name?: string;
}

export class NameTokenDto {
  @Length(1, 60, { message: 'Token names are 1 to 60 characters long.' })
  @IsString({ message: 'Give the token a name.' })
  name: string;
}
