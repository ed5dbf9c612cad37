import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { AuditLogService } from './audit-log.service.js';
import { CloseDto, ContentParams, FlagDto, KIND_TYPES, LogQueryDto, ModeratorEditDto, PostParams, ReasonDto, ReviewDto, ReviewParams, SuspendDto } from './dto/moderation.dtos.js';
import { FlagsService } from './flags.service.js';
import { ModerationPresenter } from './moderation.presenter.js';
import { ReviewService } from './review.service.js';
import { SuspensionsService } from './suspensions.service.js';
import { ThreadActionsService } from './thread-actions.service.js';

/** Flags, the review queue, thread actions, suspensions and the audit log as JSON. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('api/v1')
export class ModerationApiController {
  constructor(
    private readonly flags: FlagsService,
    private readonly review: ReviewService,
    private readonly threads: ThreadActionsService,
    private readonly suspensions: SuspensionsService,
    private readonly log: AuditLogService,
  ) {}

  @Post(':kind/:id/flags')
  @SignedIn()
  async flag(@Req() req: Request, @Param() target: ContentParams, @Body() input: FlagDto) {
    return ModerationPresenter.flag(await this.flags.flag(req.user!, KIND_TYPES[target.kind], target.id, input));
  }

  @Post('questions/:id/close-votes')
  @SignedIn()
  voteToClose(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CloseDto) {
    return this.threads.voteToClose(req.user!, id, input);
  }

  @Get('mod/queue')
  @Roles('moderator')
  async queue(@Req() req: Request, @Query() query: PageQueryDto) {
    const page = pageRequest(query.page, 30);
    const queue = await this.review.queue(req.user!, page);
    return { items: queue.items.map(ModerationPresenter.queueItem), page: page.number, hasNext: queue.hasNext };
  }

  @Post('mod/:kind/:id/actions/:action')
  @Roles('moderator')
  @HttpCode(200)
  async act(@Req() req: Request, @Param() target: ReviewParams, @Body() input: ReviewDto) {
    const outcome = await this.review.review(req.user!, KIND_TYPES[target.kind], target.id, target.action, input);
    return { action: target.action, targetType: KIND_TYPES[target.kind], targetId: target.id, ...outcome };
  }

  @Patch('mod/:kind/:id')
  @Roles('moderator')
  async edit(@Req() req: Request, @Param() target: PostParams, @Body() input: ModeratorEditDto) {
    const outcome = await this.review.edit(req.user!, KIND_TYPES[target.kind], target.id, input);
    return { action: 'edit', targetType: KIND_TYPES[target.kind], targetId: target.id, ...outcome };
  }

  @Post('mod/threads/:id/lock')
  @Roles('moderator')
  @HttpCode(200)
  async lock(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: ReasonDto) {
    return { questionId: id, locked: true, changed: await this.threads.setLocked(req.user!, id, true, input) };
  }

  @Post('mod/threads/:id/unlock')
  @Roles('moderator')
  @HttpCode(200)
  async unlock(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: ReasonDto) {
    return { questionId: id, locked: false, changed: await this.threads.setLocked(req.user!, id, false, input) };
  }

  @Post('mod/threads/:id/close')
  @Roles('moderator')
  @HttpCode(200)
  async close(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CloseDto) {
    return { questionId: id, closed: true, changed: await this.threads.close(req.user!, id, input) };
  }

  @Post('mod/threads/:id/reopen')
  @Roles('moderator')
  @HttpCode(200)
  async reopen(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: ReasonDto) {
    return { questionId: id, closed: false, changed: await this.threads.reopen(req.user!, id, input) };
  }

  @Get('mod/users/:username')
  @Roles('moderator')
  async member(@Req() req: Request, @Param('username') username: string) {
    return ModerationPresenter.member(await this.suspensions.member(req.user!, username));
  }

  @Put('mod/users/:username/suspension')
  @Roles('moderator')
  async suspend(@Req() req: Request, @Param('username') username: string, @Body() input: SuspendDto) {
    return ModerationPresenter.member(await this.suspensions.suspend(req.user!, username, input));
  }

  @Delete('mod/users/:username/suspension')
  @Roles('moderator')
  async unsuspend(@Req() req: Request, @Param('username') username: string, @Body() input: ReasonDto) {
    return ModerationPresenter.member(await this.suspensions.unsuspend(req.user!, username, input));
  }

  @Get('mod/log')
  @Roles('moderator')
  async auditLog(@Req() req: Request, @Query() query: LogQueryDto) {
    const page = pageRequest(query.page, 50);
    const { page: _page, ...filter } = query;
    const entries = await this.log.list(req.user!, filter, page);
    return { items: entries.items.map(ModerationPresenter.logEntry), page: page.number, hasNext: entries.hasNext };
  }
}
