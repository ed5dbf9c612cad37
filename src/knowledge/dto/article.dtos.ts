import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min } from 'class-validator';

// class-validator runs a property's decorators bottom-up and stops at the first failure,
// so the most basic check sits at the bottom of each list.

/** "How To, install" or ["how-to", "install"] → ["how-to", "install"]: lower-cased, de-duplicated. */
const toTagList = ({ value }: { value: unknown }) => {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : value;
  if (!Array.isArray(raw)) return raw;
  return [...new Set(raw.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag)).filter((tag) => tag !== ''))];
};

/** Trimmed, without NUL characters (PostgreSQL text cannot hold them). */
const clean = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\u0000/g, '').trim() : value);
const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const ARTICLE_TITLE = { min: 10, max: 150 };
export const ARTICLE_BODY = { min: 30, max: 50_000 };
export const ARTICLE_SUMMARY_MAX = 300;
const NAME = /^[a-z0-9-]{1,35}$/;
const TAGS_MESSAGE = 'Tags use lower-case letters, digits and -, up to 35 characters each.';
const CATEGORY_MESSAGE = 'The category uses lower-case letters, digits and -, up to 35 characters.';

/** Every field an agent edits, as the edit form sends them. */
export class EditArticleDto {
  @ApiProperty({ minLength: ARTICLE_TITLE.min, maxLength: ARTICLE_TITLE.max })
  @Length(ARTICLE_TITLE.min, ARTICLE_TITLE.max, { message: `Titles are ${ARTICLE_TITLE.min} to ${ARTICLE_TITLE.max} characters long.` })
  @IsString({ message: 'Give the article a title.' })
  @Transform(clean)
  title: string;

  @ApiProperty({ description: 'Markdown', minLength: ARTICLE_BODY.min, maxLength: ARTICLE_BODY.max })
  @Length(ARTICLE_BODY.min, ARTICLE_BODY.max, { message: `The body is ${ARTICLE_BODY.min} to 50,000 characters long.` })
  @IsString({ message: 'Write the article.' })
  @Transform(clean)
  body: string;

  @ApiProperty({ description: 'Lower-case letters, digits and -' })
  @Matches(NAME, { message: CATEGORY_MESSAGE })
  @IsString({ message: 'Choose a category.' })
  @Transform(lowerTrim)
  category: string;

  @ApiProperty({ type: [String], description: '0–5 tags of lower-case letters, digits and -' })
  @Matches(NAME, { each: true, message: TAGS_MESSAGE })
  @IsString({ each: true, message: TAGS_MESSAGE })
  @ArrayMaxSize(5, { message: 'Use at most 5 tags.' })
  @IsArray({ message: TAGS_MESSAGE })
  @Transform(toTagList)
  tags: string[];

  @ApiPropertyOptional({ description: 'One or two sentences shown in lists', maxLength: ARTICLE_SUMMARY_MAX })
  @MaxLength(ARTICLE_SUMMARY_MAX, { message: `Summaries are at most ${ARTICLE_SUMMARY_MAX} characters long.` })
  @IsString({ message: 'The summary is text.' })
  @IsOptional()
  @Transform(clean)
  summary?: string;
}

/** Partial edits through the API: whatever is sent is validated with the same rules. */
export class PatchArticleDto {
  @ApiPropertyOptional({ minLength: ARTICLE_TITLE.min, maxLength: ARTICLE_TITLE.max })
  @Length(ARTICLE_TITLE.min, ARTICLE_TITLE.max, { message: `Titles are ${ARTICLE_TITLE.min} to ${ARTICLE_TITLE.max} characters long.` })
  @IsString({ message: 'Titles are text.' })
  @IsOptional()
  @Transform(clean)
  title?: string;

  @ApiPropertyOptional({ description: 'Markdown', minLength: ARTICLE_BODY.min, maxLength: ARTICLE_BODY.max })
  @Length(ARTICLE_BODY.min, ARTICLE_BODY.max, { message: `The body is ${ARTICLE_BODY.min} to 50,000 characters long.` })
  @IsString({ message: 'The body is text.' })
  @IsOptional()
  @Transform(clean)
  body?: string;

  @ApiPropertyOptional()
  @Matches(NAME, { message: CATEGORY_MESSAGE })
  @IsString({ message: CATEGORY_MESSAGE })
  @IsOptional()
  @Transform(lowerTrim)
  category?: string;

  @ApiPropertyOptional({ type: [String] })
  @Matches(NAME, { each: true, message: TAGS_MESSAGE })
  @IsString({ each: true, message: TAGS_MESSAGE })
  @ArrayMaxSize(5, { message: 'Use at most 5 tags.' })
  @IsArray({ message: TAGS_MESSAGE })
  @IsOptional()
  @Transform(toTagList)
  tags?: string[];

  @ApiPropertyOptional({ maxLength: ARTICLE_SUMMARY_MAX })
  @MaxLength(ARTICLE_SUMMARY_MAX, { message: `Summaries are at most ${ARTICLE_SUMMARY_MAX} characters long.` })
  @IsString({ message: 'The summary is text.' })
  @IsOptional()
  @Transform(clean)
  summary?: string;
}

export class FeedbackDto {
  @ApiProperty({ description: 'Was this article helpful?' })
  @IsBoolean({ message: 'helpful must be true or false.' })
  helpful: boolean;
}

/** The page's yes/no buttons. */
export class FeedbackFormDto {
  @IsIn(['yes', 'no'], { message: 'Answer yes or no.' })
  helpful: 'yes' | 'no';
}

export class ListArticlesDto {
  @ApiPropertyOptional()
  @Matches(NAME, { message: 'category must be a category name.' })
  @IsString()
  @IsOptional()
  category?: string;

  @ApiPropertyOptional()
  @Matches(NAME, { message: 'tag must be a tag name.' })
  @IsString()
  @IsOptional()
  tag?: string;

  @ApiPropertyOptional({ minimum: 1 })
  @Min(1, { message: 'page must be 1 or more.' })
  @IsInt({ message: 'page must be a whole number.' })
  @Type(() => Number)
  @IsOptional()
  page?: number;
}
