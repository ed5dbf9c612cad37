import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { InsightsQueryDto } from './dto/insights.dtos.js';
import { SupportInsightsService } from './support-insights.service.js';

@ApiTags('insights')
@ApiBearerAuth()
@Controller('api/v1')
@SignedIn()
export class SupportInsightsApiController {
  constructor(private readonly support: SupportInsightsService) {}

  /** Escalations and expert routing over the window (7, 30 or 90 days). */
  @Get('insights/support')
  async report(@Req() req: Request, @Query() query: InsightsQueryDto) {
    return this.support.report(req.user!, query.window ?? 30);
  }
}
