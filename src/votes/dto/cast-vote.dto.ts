import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn } from 'class-validator';

/** The state the member wants, never a toggle: a double-click or a replay changes nothing. */
export class CastVoteDto {
  @ApiProperty({ enum: [1, -1, 0], description: '1 up, -1 down, 0 none' })
  @IsIn([1, -1, 0], { message: 'value must be 1 (up), -1 (down) or 0 (none).' })
  @Type(() => Number)
  value: 1 | -1 | 0;
}
