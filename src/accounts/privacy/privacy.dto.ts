import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentPassword } from '../../users/dto/account-fields.js';

export class DeleteAccountDto {
  @CurrentPassword()
  password: string;

  /** Remove my questions, answers and comments too (a form's checkbox sends "on"). */
  @ApiPropertyOptional({ type: Boolean })
  @IsBoolean({ message: 'removePosts is yes or no.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'on' || value === 'true' ? true : value === 'false' ? false : value))
  removePosts?: boolean;
}

