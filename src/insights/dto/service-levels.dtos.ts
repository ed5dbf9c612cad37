import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { checkbox, emptyAsMissing } from '../../common/http/transforms.js';
import { SERVICE_LEVEL_FIGURES, type ServiceLevelFigure } from '../entities/service-level-settings.entity.js';
import { TAG_PATTERN } from './insights.dtos.js';

export class ServiceLevelsQueryDto {
  @ApiPropertyOptional()
  @Matches(TAG_PATTERN, { message: 'tag must be a tag name.' })
  @IsString({ message: 'tag must be a tag name.' })
  @IsOptional()
  @Transform(emptyAsMissing)
  tag?: string;

  @ApiPropertyOptional({ description: 'IANA time zone for the busy-hours grid', default: 'UTC', example: 'Europe/Paris' })
  @Matches(/^[A-Za-z0-9_+\-/]{1,64}$/, { message: 'tz must be a time zone such as Europe/Paris.' })
  @IsString({ message: 'tz must be a time zone such as Europe/Paris.' })
  @IsOptional()
  @Transform(emptyAsMissing)
  tz?: string;
}

export class ExpectationsQueryDto {
  @ApiPropertyOptional({ description: 'The tags being chosen, separated by spaces or commas', example: 'billing invoices' })
  @MaxLength(200, { message: 'tags must be at most 200 characters.' })
  @IsString({ message: 'tags must be a list of tag names.' })
  @IsOptional()
  tags?: string;
}

const list = ({ value }: { value: unknown }) => (value === undefined ? [] : typeof value === 'string' ? [value] : value);

export class ServiceLevelSettingsDto {
  @ApiPropertyOptional({ default: false })
  @IsBoolean({ message: 'published must be true or false.' })
  @Transform(checkbox)
  published: boolean = false;

  @ApiPropertyOptional({ enum: SERVICE_LEVEL_FIGURES, isArray: true })
  @IsIn(SERVICE_LEVEL_FIGURES, { each: true, message: `figures are some of: ${SERVICE_LEVEL_FIGURES.join(', ')}.` })
  @ArrayMaxSize(SERVICE_LEVEL_FIGURES.length)
  @IsArray({ message: 'figures must be a list.' })
  @Transform(list)
  figures: ServiceLevelFigure[] = [];
}
