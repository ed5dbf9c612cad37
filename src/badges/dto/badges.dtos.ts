import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BADGES } from '../badges.catalogue.js';
import type { NominationStatus } from '../entities/super-user-nomination.entity.js';

// class-validator runs a property's decorators bottom-up and stops at the first failure,
// so the most basic check sits at the bottom of each list.

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const blankToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);
const BADGE_SLUGS = BADGES.map((badge) => badge.slug);

/** A community manager's reason, written to the audit log. */
export class BadgeReasonDto {
  @ApiProperty({ maxLength: 500, description: 'Why: written to the moderation audit log' })
  @MaxLength(500, { message: 'The reason is at most 500 characters long.' })
  @IsNotEmpty({ message: 'Give a reason: it is written to the moderation log.' })
  @IsString({ message: 'Give a reason: it is written to the moderation log.' })
  @Transform(trimmed)
  reason: string;
}

export class AwardBadgeDto extends BadgeReasonDto {
  @ApiProperty({ enum: BADGE_SLUGS, description: 'The badge slug' })
  @IsIn(BADGE_SLUGS, { message: 'Choose a badge from the catalogue.' })
  @IsString({ message: 'Choose a badge from the catalogue.' })
  badge: string;
}

export class BadgeParams {
  @MaxLength(100)
  @IsString()
  username: string;

  @IsIn(BADGE_SLUGS, { message: 'There is no such badge.' })
  slug: string;
}

export class DecisionDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'The community manager\u2019s note, written to the audit log' })
  @MaxLength(500, { message: 'The note is at most 500 characters long.' })
  @IsString({ message: 'The note must be text.' })
  @IsOptional()
  @Transform(blankToUndefined)
  note?: string;
}

export class NominationsQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'declined'] })
  @IsIn(['pending', 'approved', 'declined'], { message: 'status must be pending, approved or declined.' })
  @IsOptional()
  status?: NominationStatus;
}

export class SuperUserSettingsDto {
  @ApiPropertyOptional({ minimum: 1 })
  @Max(1_000_000) @Min(1, { message: 'superUserMinReputation must be a whole number of at least 1.' })
  @IsInt({ message: 'superUserMinReputation must be a whole number of at least 1.' })
  @IsOptional()
  @Type(() => Number)
  superUserMinReputation?: number;

  @ApiPropertyOptional({ minimum: 1 })
  @Max(10_000) @Min(1, { message: 'superUserMinAcceptedAnswers must be a whole number of at least 1.' })
  @IsInt({ message: 'superUserMinAcceptedAnswers must be a whole number of at least 1.' })
  @IsOptional()
  @Type(() => Number)
  superUserMinAcceptedAnswers?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650 })
  @Max(3650) @Min(1, { message: 'superUserWindowDays must be between 1 and 3650.' })
  @IsInt({ message: 'superUserWindowDays must be between 1 and 3650.' })
  @IsOptional()
  @Type(() => Number)
  superUserWindowDays?: number;
}
