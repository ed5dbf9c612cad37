import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

const TAG = /^[a-z0-9][a-z0-9.+#-]{0,34}$/;

export class InsightsQueryDto {
  @ApiPropertyOptional({ enum: [7, 30, 90], default: 30 })
  @IsIn([7, 30, 90], { message: 'window must be 7, 30 or 90 (days).' })
  @Type(() => Number)
  @IsOptional()
  window?: 7 | 30 | 90;

  @ApiPropertyOptional()
  @Matches(TAG, { message: 'tag must be a tag name.' })
  @IsString({ message: 'tag must be a tag name.' })
  @IsOptional()
  tag?: string;
}

export const CSV_TABLES = ['summary', 'contributors', 'search-gaps', 'trend'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export class QueueQueryDto {
  @ApiPropertyOptional()
  @Matches(TAG, { message: 'tag must be a tag name.' })
  @IsString({ message: 'tag must be a tag name.' })
  @IsOptional()
  tag?: string;
}

export class ResponseTargetDto {
  /** Hours, or null to fall back to the default. */
  @Max(24 * 90, { message: 'hours must be at most 2160 (90 days).' })
  @Min(1, { message: 'hours must be at least 1.' })
  @IsInt({ message: 'hours must be a whole number of hours, or null.' })
  @ValidateIf((input: ResponseTargetDto) => input.hours !== null)
  hours: number | null;
}

export { TAG as TAG_PATTERN };
