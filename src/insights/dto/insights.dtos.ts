import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

const TAG = /^[a-z0-9][a-z0-9.+#-]{0,34}$/;
/** A real calendar day, YYYY-MM-DD (month 01–12, day 01–31; the service checks the day exists). */
const DAY = /^(19|20|21)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

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

  /** A period of calendar days instead of a window: from and to (inclusive), YYYY-MM-DD, in the insights time zone. */
  @ApiPropertyOptional({ example: '2021-04-27', description: 'first day of the period (with to)' })
  @Matches(DAY, { message: 'from must be a date, YYYY-MM-DD.' })
  @IsString({ message: 'from must be a date, YYYY-MM-DD.' })
  @ValidateIf((input: InsightsQueryDto) => input.from !== undefined || input.to !== undefined)
  from?: string;

  @ApiPropertyOptional({ example: '2021-12-04', description: 'last day of the period, included (with from)' })
  @Matches(DAY, { message: 'to must be a date, YYYY-MM-DD.' })
  @IsString({ message: 'to must be a date, YYYY-MM-DD.' })
  @ValidateIf((input: InsightsQueryDto) => input.from !== undefined || input.to !== undefined)
  to?: string;
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

/** The period a query asks for: its from–to days when given, else its window (30 days by default). */
export function periodOf(query: InsightsQueryDto): { window: 7 | 30 | 90 } | { from: string; to: string } {
  return query.from !== undefined && query.to !== undefined ? { from: query.from, to: query.to } : { window: query.window ?? 30 };
}
