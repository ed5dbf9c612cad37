import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { InvalidStateError } from '../common/errors/domain-errors.js';
import { periodOf, InsightsQueryDto, QueueQueryDto, ResponseTargetDto, TAG_PATTERN } from './dto/insights.dtos.js';
import { InsightsPresenter } from './insights.presenter.js';
import { InsightsService } from './insights.service.js';
import { ResponseTargetsService } from './response-targets.service.js';
import { UnansweredQueueService } from './unanswered-queue.service.js';

@ApiTags('insights')
@ApiBearerAuth()
@Controller('api/v1')
@SignedIn()
export class InsightsApiController {
  constructor(
    private readonly insights: InsightsService,
    private readonly queue: UnansweredQueueService,
    private readonly targets: ResponseTargetsService,
  ) {}

  @Get('insights')
  async report(@Req() req: Request, @Query() query: InsightsQueryDto) {
    return InsightsPresenter.api(await this.insights.report(req.user!, periodOf(query), query.tag));
  }

  @Get('insights/targets')
  async listTargets(@Req() req: Request) {
    return this.targets.list(req.user!);
  }

  @Put('insights/targets/:tag')
  async setTarget(@Req() req: Request, @Param('tag') tag: string, @Body() input: ResponseTargetDto) {
    if (!TAG_PATTERN.test(tag)) throw new InvalidStateError('That is not a tag name.', 'tag');
    return this.targets.set(req.user!, tag, input.hours);
  }

  @Get('agent/queue')
  async list(@Req() req: Request, @Query() query: QueueQueryDto) {
    return { items: (await this.queue.list(req.user!, query.tag)).map((item) => InsightsPresenter.queueItem(item, req.user!.id)) };
  }

  @Post('agent/queue/:questionId/claim')
  @HttpCode(200)
  async claim(@Req() req: Request, @Param('questionId', ParseIntPipe) questionId: number) {
    return InsightsPresenter.queueItem(await this.queue.claim(req.user!, questionId), req.user!.id);
  }

  @Post('agent/queue/:questionId/release')
  @HttpCode(200)
  async release(@Req() req: Request, @Param('questionId', ParseIntPipe) questionId: number) {
    return this.queue.release(req.user!, questionId);
  }
}
