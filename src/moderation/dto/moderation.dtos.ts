import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PatchQuestionDto } from '../../threads/dto/thread.dtos.js';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction, type AuditTargetType } from '../entities/audit-entry.entity.js';
import { FLAG_REASONS, type FlagReason } from '../entities/flag.entity.js';

// class-validator runs a property's decorators bottom-up and stops at the first failure,
// so the most basic check sits at the bottom of each list.

/** An empty form field means "not given". */
const blankToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);

/** A number from a query string; an empty field means "not given", and anything else is left for the validator. */
const toNumber = ({ value }: { value: unknown }) => (value === '' || value === undefined ? undefined : /^\d+$/.test(String(value)) ? Number(value) : value);

export const CONTENT_KINDS = ['questions', 'answers', 'comments'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];
export const KIND_TYPES = { questions: 'question', answers: 'answer', comments: 'comment' } as const;

export const REVIEW_ACTIONS = ['dismiss', 'hide', 'restore', 'delete', 'undelete'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const DELETE_CAUSES = ['spam', 'offensive', 'other'] as const;
export type DeleteCause = (typeof DELETE_CAUSES)[number];

/** `/…/:kind/:id` of a question, answer or comment. */
export class ContentParams {
  @IsIn(CONTENT_KINDS, { message: 'kind must be questions, answers or comments.' })
  kind: ContentKind;

  @Min(1, { message: 'id must be a positive whole number.' })
  @IsInt({ message: 'id must be a positive whole number.' })
  @Type(() => Number)
  id: number;
}

/** `/…/:kind/:id` of a question or answer (the posts a moderator can edit). */
export class PostParams {
  @IsIn(['questions', 'answers'], { message: 'Only questions and answers can be edited.' })
  kind: 'questions' | 'answers';

  @Min(1, { message: 'id must be a positive whole number.' })
  @IsInt({ message: 'id must be a positive whole number.' })
  @Type(() => Number)
  id: number;
}

export class ReviewParams extends ContentParams {
  @IsIn(REVIEW_ACTIONS, { message: `action must be one of ${REVIEW_ACTIONS.join(', ')}.` })
  action: ReviewAction;
}

export class FlagDto {
  @ApiProperty({ enum: FLAG_REASONS })
  @IsIn(FLAG_REASONS, { message: 'Choose why you flag this: spam, offensive, off-topic or other.' })
  reason: FlagReason;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required when the reason is other' })
  @MaxLength(500, { message: 'Notes are at most 500 characters long.' })
  @IsNotEmpty({ message: 'Tell the moderators what is wrong (a note is required for "other").' })
  @IsString({ message: 'Tell the moderators what is wrong (a note is required for "other").' })
  @ValidateIf((flag: FlagDto) => flag.reason === 'other' || flag.note !== undefined)
  @Transform(blankToUndefined)
  note?: string;
}

/** Every moderator action may carry a reason, which the audit log keeps. */
export class ReasonDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @MaxLength(500, { message: 'Reasons are at most 500 characters long.' })
  @IsString({ message: 'The reason is text.' })
  @IsOptional()
  @Transform(blankToUndefined)
  reason?: string;
}

export class ReviewDto extends ReasonDto {
  @ApiPropertyOptional({ enum: DELETE_CAUSES, description: 'For delete: spam and offensive cost the author reputation' })
  @IsIn(DELETE_CAUSES, { message: 'cause must be spam, offensive or other.' })
  @IsOptional()
  @Transform(blankToUndefined)
  cause?: DeleteCause;
}

export class CloseDto extends ReasonDto {
  @ApiProperty({ enum: ['duplicate', 'off-topic'] })
  @IsIn(['duplicate', 'off-topic'], { message: 'Close as duplicate or off-topic.' })
  closeReason: 'duplicate' | 'off-topic';

  @ApiPropertyOptional({ description: 'The original question (for duplicates): its id or its address' })
  @Min(1, { message: 'Name the original question by its number or address.' })
  @IsInt({ message: 'Name the original question by its number or address.' })
  @IsOptional()
  @Transform(({ value }) => questionIdFrom(value))
  duplicateOf?: number;
}

/** "123", 123 or "https://…/questions/123/slug" → 123; anything else stays for the validator to refuse. */
function questionIdFrom(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return value;
  const match = /^\s*(?:\d+|.*\/questions\/(\d+)(?:[/?#].*)?)\s*$/.exec(value);
  if (!match) return value;
  return Number(match[1] ?? value.trim());
}

export class SuspendDto {
  @ApiProperty({ minimum: 1, maximum: 3650, description: 'Length of the suspension in days' })
  @Max(3650, { message: 'Suspend for 1 to 3650 days.' })
  @Min(1, { message: 'Suspend for 1 to 3650 days.' })
  @IsInt({ message: 'Suspend for a whole number of days.' })
  @Type(() => Number)
  days: number;

  @ApiProperty({ maxLength: 500, description: 'Shown to the member' })
  @MaxLength(500, { message: 'Reasons are at most 500 characters long.' })
  @IsNotEmpty({ message: 'Give the member a reason.' })
  @IsString({ message: 'Give the member a reason.' })
  @Transform(blankToUndefined)
  reason: string;
}

/** A moderator's edit: what a member's edit takes (title and tags for questions), and the reason the log keeps. */
export class ModeratorEditDto extends PatchQuestionDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @MaxLength(500, { message: 'Reasons are at most 500 characters long.' })
  @IsString({ message: 'The reason is text.' })
  @IsOptional()
  @Transform(blankToUndefined)
  reason?: string;
}

export class LogQueryDto {
  @ApiPropertyOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'moderator must be a username.' })
  @IsOptional()
  @Transform(blankToUndefined)
  moderator?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsIn(AUDIT_ACTIONS, { message: `action must be one of ${AUDIT_ACTIONS.join(', ')}.` })
  @IsOptional()
  @Transform(blankToUndefined)
  action?: AuditAction;

  @ApiPropertyOptional({ enum: AUDIT_TARGET_TYPES })
  @IsIn(AUDIT_TARGET_TYPES, { message: `targetType must be one of ${AUDIT_TARGET_TYPES.join(', ')}.` })
  @IsOptional()
  @Transform(blankToUndefined)
  targetType?: AuditTargetType;

  @ApiPropertyOptional()
  @Min(1, { message: 'targetId must be a positive whole number.' })
  @IsInt({ message: 'targetId must be a positive whole number.' })
  @IsOptional()
  @Transform(toNumber)
  targetId?: number;

  @ApiPropertyOptional({ minimum: 1 })
  @Max(10_000, { message: 'page must be at most 10000.' })
  @Min(1, { message: 'page must be 1 or more.' })
  @IsInt({ message: 'page must be a whole number.' })
  @IsOptional()
  @Transform(toNumber)
  page?: number;
}
