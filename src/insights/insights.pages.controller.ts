import { Controller, Get, Header, Param, ParseIntPipe, Post, Query, Redirect, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { flash } from '../common/http/flash.js';
import { CSV_TABLES, periodOf, InsightsQueryDto, QueueQueryDto, type CsvTable } from './dto/insights.dtos.js';
import { InsightsPresenter } from './insights.presenter.js';
import { InsightsService } from './insights.service.js';
import { UnansweredQueueService } from './unanswered-queue.service.js';

@ApiExcludeController()
@Controller()
@SignedIn()
export class InsightsPagesController {
  constructor(
    private readonly insights: InsightsService,
    private readonly queue: UnansweredQueueService,
  ) {}

  @Get('insights')
  @Render('insights/dashboard')
  async dashboard(@Req() req: Request, @Query() query: InsightsQueryDto) {
    const report = await this.insights.report(req.user!, periodOf(query), query.tag);
    return InsightsPresenter.page(report, await this.insights.tagNames());
  }

  @Get('insights/export/:table.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async export(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('table') table: string, @Query() query: InsightsQueryDto) {
    if (!(CSV_TABLES as readonly string[]).includes(table)) throw new NotFoundError('No such table.');
    const report = await this.insights.report(req.user!, periodOf(query), query.tag);
    res.setHeader('Content-Disposition', `attachment; filename="insights-${table}-${report.window ? `${report.window}d` : `${report.period.from}_${report.period.to}`}${report.tag ? `-${report.tag}` : ''}.csv"`);
    return InsightsPresenter.csv(report, table as CsvTable);
  }

  @Get('agent/queue')
  @Render('insights/queue')
  async list(@Req() req: Request, @Query() query: QueueQueryDto) {
    const items = await this.queue.list(req.user!, query.tag);
    return { title: 'Unanswered queue', tag: query.tag, items: items.map((item) => InsightsPresenter.queueItem(item, req.user!.id)) };
  }

  @Post('agent/queue/:questionId/claim')
  @Redirect('/agent/queue')
  async claim(@Req() req: Request, @Param('questionId', ParseIntPipe) questionId: number) {
    const item = await this.queue.claim(req.user!, questionId);
    flash(req, 'success', `You have “${item.title}”. Answer it, or release it for someone else.`);
  }

  @Post('agent/queue/:questionId/release')
  @Redirect('/agent/queue')
  async release(@Req() req: Request, @Param('questionId', ParseIntPipe) questionId: number) {
    await this.queue.release(req.user!, questionId);
    flash(req, 'info', 'Released: the question is back in the queue for everyone.');
  }
}
