import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { emptyAsMissing } from '../../common/http/transforms.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from './security-event.entity.js';

export class SecurityLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Events about (or caused by) this member' })
  @Matches(/^[A-Za-z0-9_ -]{1,40}$/, { message: 'user must be a username.' })
  @IsOptional()
  @Transform(emptyAsMissing)
  user?: string;

  @ApiPropertyOptional({ enum: SECURITY_EVENT_KINDS })
  @IsIn(SECURITY_EVENT_KINDS, { message: `kind must be one of ${SECURITY_EVENT_KINDS.join(', ')}.` })
  @IsOptional()
  @Transform(emptyAsMissing)
  kind?: SecurityEventKind;
}
