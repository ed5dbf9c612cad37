import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../../accounts/two-factor/dto/two-factor.dtos.js';
import { emptyAsMissing, trim } from '../../common/http/transforms.js';

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

  @ApiPropertyOptional({ description: 'The current two-factor code, for accounts that use two-factor authentication', example: '123456' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  @IsString({ message: CODE_MESSAGE })
  @IsOptional()
  @Transform(trim)
  code?: string;
}

export class NameTokenDto {
  @Length(1, 60, { message: 'Token names are 1 to 60 characters long.' })
  @IsString({ message: 'Give the token a name.' })
  name: string;

  /** Staff whose second factor is not fresh enter a current code. */
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  @IsString({ message: CODE_MESSAGE })
  @IsOptional()
  @Transform(emptyAsMissing)
  @Transform(trim)
  code?: string;
}
