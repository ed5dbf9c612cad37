import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { emptyAsMissing, trim } from '../../common/http/transforms.js';

// Decorators run bottom-up and stop at the first failure: the basic check sits at the bottom.

export class SearchQueryDto {
  @ApiProperty({ description: 'What to look for (web-search syntax: "quotes", -exclude, or)', maxLength: 200 })
  @MaxLength(200, { message: 'Search terms are at most 200 characters long.' })
  @IsString({ message: 'Enter something to search for.' })
  @IsOptional()
  @Transform(trim)
  q?: string;

  @ApiPropertyOptional({ enum: ['question', 'answer', 'article'] })
  @IsIn(['question', 'answer', 'article'], { message: 'kind must be question, answer or article.' })
  @IsOptional()
  @Transform(emptyAsMissing)
  kind?: 'question' | 'answer' | 'article';

  @ApiPropertyOptional()
  @Matches(/^[a-z0-9-]{1,35}$/, { message: 'tag must be a tag name.' })
  @IsString()
  @IsOptional()
  @Transform(emptyAsMissing)
  tag?: string;

  @ApiPropertyOptional({ enum: ['yes', 'no'] })
  @IsIn(['yes', 'no', 'true', 'false'], { message: 'solved must be yes or no.' })
  @IsOptional()
  @Transform(emptyAsMissing)
  solved?: string;

  @ApiPropertyOptional({ minimum: 1 })
  @Max(100, { message: 'page must be at most 100.' })
  @Min(1, { message: 'page must be 1 or more.' })
  @IsInt({ message: 'page must be a whole number.' })
  @Type(() => Number)
  @IsOptional()
  page?: number;
}

export class SimilarQueryDto {
  @ApiProperty({ description: 'The title being typed on the ask page' })
  @Length(1, 150, { message: 'title must be 1 to 150 characters long.' })
  @IsString({ message: 'title is required.' })
  @Transform(trim)
  title: string;
}

export class SearchClickDto {
  @ApiProperty({ description: 'Document id, e.g. question-12' })
  @Matches(/^(question|answer|article)-\d{1,10}$/, { message: 'doc must be a document id such as question-12.' })
  @IsString()
  doc: string;

  @ApiPropertyOptional()
  @Min(1)
  @IsInt({ message: 'query must be a search id.' })
  @Type(() => Number)
  @IsOptional()
  query?: number;

  @ApiPropertyOptional({ enum: ['search', 'ask'] })
  @IsIn(['search', 'ask'], { message: 'from must be search or ask.' })
  @IsOptional()
  from?: 'search' | 'ask';
}
