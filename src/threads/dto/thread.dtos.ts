import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min } from 'class-validator';
import { emptyAsMissing, trim } from '../../common/http/transforms.js';

// class-validator runs a property's decorators bottom-up and stops at the first failure,
// so the most basic check sits at the bottom of each list.

/** "How To, install" or ["how-to", "install"] → ["how-to", "install"]: lower-cased, de-duplicated. */
const toTagList = ({ value }: { value: unknown }) => {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : value;
  if (!Array.isArray(raw)) return raw;
  return [...new Set(raw.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag)).filter((tag) => tag !== ''))];
};

const TAG_NAME = /^[a-z0-9-]{1,35}$/;

/** The well-formed tags in what a member typed so far (for hints while they write; validation is the DTO's). */
export function tagsFromText(text: string | undefined): string[] {
  const tags = toTagList({ value: text ?? '' }) as string[];
  return tags.filter((tag) => TAG_NAME.test(tag)).slice(0, 5);
}

export const TITLE_LENGTH = { min: 15, max: 150 };
export const BODY_LENGTH = { min: 30, max: 30_000 };

export class AskQuestionDto {
  @ApiProperty({ minLength: TITLE_LENGTH.min, maxLength: TITLE_LENGTH.max })
  @Length(TITLE_LENGTH.min, TITLE_LENGTH.max, { message: `Titles are ${TITLE_LENGTH.min} to ${TITLE_LENGTH.max} characters long.` })
  @IsString({ message: 'Give your question a title.' })
  @Transform(trim)
  title: string;

  @ApiProperty({ description: 'Markdown', minLength: BODY_LENGTH.min, maxLength: BODY_LENGTH.max })
  @Length(BODY_LENGTH.min, BODY_LENGTH.max, { message: `The body is ${BODY_LENGTH.min} to 30,000 characters long.` })
  @IsString({ message: 'Describe your question.' })
  @Transform(trim)
  body: string;

  @ApiProperty({ type: [String], description: '1–5 tags of lower-case letters, digits and -' })
  @Matches(TAG_NAME, { each: true, message: 'Tags use lower-case letters, digits and -, up to 35 characters each.' })
  @IsString({ each: true, message: 'Tags use lower-case letters, digits and -, up to 35 characters each.' })
  @ArrayMaxSize(5, { message: 'Use at most 5 tags.' })
  @ArrayMinSize(1, { message: 'Add at least one tag.' })
  @IsArray({ message: 'Add at least one tag.' })
  @Transform(toTagList)
  tags: string[];
}

/** The ask form sent to see what to expect before posting: nothing in it is required yet. */
export class AskDraftDto {
  @MaxLength(TITLE_LENGTH.max)
  @IsString()
  @IsOptional()
  title?: string;

  @MaxLength(BODY_LENGTH.max)
  @IsString()
  @IsOptional()
  body?: string;

  @MaxLength(200, { message: 'Tags are at most 200 characters in all.' })
  @IsString()
  @IsOptional()
  tags?: string;
}

export class EditQuestionDto extends AskQuestionDto {
  @ApiPropertyOptional({ description: 'What changed and why', maxLength: 200 })
  @MaxLength(200, { message: 'Edit summaries are at most 200 characters long.' })
  @IsString()
  @IsOptional()
  @Transform(trim)
  summary?: string;
}

export class PostAnswerDto {
  @ApiProperty({ description: 'Markdown', minLength: BODY_LENGTH.min, maxLength: BODY_LENGTH.max })
  @Length(BODY_LENGTH.min, BODY_LENGTH.max, { message: `Answers are ${BODY_LENGTH.min} to 30,000 characters long.` })
  @IsString({ message: 'Write your answer.' })
  @Transform(trim)
  body: string;
}

export class EditAnswerDto extends PostAnswerDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @MaxLength(200, { message: 'Edit summaries are at most 200 characters long.' })
  @IsString()
  @IsOptional()
  @Transform(trim)
  summary?: string;
}

/** Partial edits through the API: whatever is sent is validated with the same rules. */
export class PatchQuestionDto {
  @ApiPropertyOptional()
  @Length(TITLE_LENGTH.min, TITLE_LENGTH.max, { message: `Titles are ${TITLE_LENGTH.min} to ${TITLE_LENGTH.max} characters long.` })
  @IsString({ message: 'Titles are text.' })
  @IsOptional()
  @Transform(trim)
  title?: string;

  @ApiPropertyOptional()
  @Length(BODY_LENGTH.min, BODY_LENGTH.max, { message: `The body is ${BODY_LENGTH.min} to 30,000 characters long.` })
  @IsString({ message: 'The body is text.' })
  @IsOptional()
  @Transform(trim)
  body?: string;

  @ApiPropertyOptional({ type: [String] })
  @Matches(TAG_NAME, { each: true, message: 'Tags use lower-case letters, digits and -, up to 35 characters each.' })
  @IsString({ each: true, message: 'Tags use lower-case letters, digits and -, up to 35 characters each.' })
  @ArrayMaxSize(5, { message: 'Use at most 5 tags.' })
  @ArrayMinSize(1, { message: 'Add at least one tag.' })
  @IsArray({ message: 'Add at least one tag.' })
  @IsOptional()
  @Transform(toTagList)
  tags?: string[];

  @ApiPropertyOptional({ maxLength: 200 })
  @MaxLength(200, { message: 'Edit summaries are at most 200 characters long.' })
  @IsString()
  @IsOptional()
  @Transform(trim)
  summary?: string;
}

export class CommentDto {
  @ApiProperty({ minLength: 1, maxLength: 600 })
  @Length(1, 600, { message: 'Comments are 1 to 600 characters long.' })
  @IsString({ message: 'Write a comment.' })
  @Transform(trim)
  body: string;
}

export const QUESTION_SORTS = ['newest', 'active', 'unanswered', 'top'] as const;
export type QuestionSort = (typeof QUESTION_SORTS)[number];

export class ListQuestionsDto {
  @ApiPropertyOptional({ enum: QUESTION_SORTS })
  @IsIn(QUESTION_SORTS, { message: `sort must be one of ${QUESTION_SORTS.join(', ')}.` })
  @IsOptional()
  @Transform(emptyAsMissing)
  sort?: QuestionSort;

  @ApiPropertyOptional()
  @Matches(TAG_NAME, { message: 'tag must be a tag name.' })
  @IsString()
  @IsOptional()
  @Transform(emptyAsMissing)
  tag?: string;

  @ApiPropertyOptional({ enum: ['yes', 'no', 'true', 'false'] })
  @IsIn(['yes', 'no', 'true', 'false'], { message: 'solved must be yes or no.' })
  @IsOptional()
  @Transform(emptyAsMissing)
  solved?: 'yes' | 'no' | 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1 })
  @Min(1, { message: 'page must be 1 or more.' })
  @IsInt({ message: 'page must be a whole number.' })
  @Type(() => Number)
  @IsOptional()
  page?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The page after this question (the id of the last one shown)' })
  @Min(1, { message: 'after must be a question number.' })
  @IsInt({ message: 'after must be a question number.' })
  @Type(() => Number)
  @IsOptional()
  after?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The page before this question (the id of the first one shown)' })
  @Min(1, { message: 'before must be a question number.' })
  @IsInt({ message: 'before must be a question number.' })
  @Type(() => Number)
  @IsOptional()
  before?: number;
}
