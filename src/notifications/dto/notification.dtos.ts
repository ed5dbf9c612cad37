import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Min, ValidateIf } from 'class-validator';

/** API: `{ids: [..]}` marks those read, `{all: true}` marks everything read. */
export class MarkReadDto {
  @ApiPropertyOptional({ type: [Number] })
  @IsInt({ each: true, message: 'ids must be notification ids (whole numbers).' })
  @Min(1, { each: true, message: 'ids must be notification ids (whole numbers).' })
  @ArrayMaxSize(500, { message: 'ids can name at most 500 notifications.' })
  @ArrayNotEmpty({ message: 'ids must name at least one notification, or send all: true.' })
  @IsArray({ message: 'ids must be a list of notification ids.' })
  @ValidateIf((input: MarkReadDto) => input.all !== true)
  ids?: number[];

  @ApiPropertyOptional()
  @IsBoolean({ message: 'all must be true or false.' })
  @IsOptional()
  all?: boolean;
}

/** The page's forms: one notification (`id`) or every one (`all=1`). */
export class MarkReadFormDto {
  @Type(() => Number)
  @IsInt({ message: 'That is not a notification.' })
  @Min(1, { message: 'That is not a notification.' })
  @IsOptional()
  id?: number;

  @IsIn(['1'], { message: 'all must be 1.' })
  @IsOptional()
  all?: string;
}

export class EmailPreferenceFormDto {
  /** A checkbox: present when ticked. */
  @Transform(({ value }) => value === 'on' || value === 'true' || value === true)
  @IsBoolean()
  @IsOptional()
  email?: boolean;
}

export class EmailPreferenceDto {
  @IsBoolean({ message: 'email must be true or false.' })
  email: boolean;
}
