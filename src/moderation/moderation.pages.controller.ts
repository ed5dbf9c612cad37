import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, Roles, SignedIn } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { pageLinksFor, PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { questionPath } from '../threads/threads.presenter.js';
import { AuditLogService } from './audit-log.service.js';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from './entities/audit-entry.entity.js';
import { CloseDto, ContentParams, FlagDto, KIND_TYPES, LogQueryDto, ModeratorEditDto, PostParams, ReasonDto, ReviewDto, ReviewParams, SuspendDto } from './dto/moderation.dtos.js';
import { FlagsService } from './flags.service.js';
import { ModerationPresenter } from './moderation.presenter.js';
import { ReviewService } from './review.service.js';
import { SuspensionsService } from './suspensions.service.js';
import { ThreadActionsService } from './thread-actions.service.js';

const DONE: Record<string, string> = {
  dismiss: 'The flags are dismissed.',
  hide: 'Hidden pending review.',
  restore: 'Restored: members see it again.',
  delete: 'Deleted.',
  undelete: 'Undeleted.',
};

/** The moderators' pages and the members' flag and close-vote forms: plain forms, post/redirect/get. */
@ApiExcludeController()
@Controller()
export class ModerationPagesController {
  constructor(
    private readonly flags: FlagsService,
    private readonly review: ReviewService,
    private readonly threads: ThreadActionsService,
    private readonly suspensions: SuspensionsService,
    private readonly log: AuditLogService,
    private readonly reader: ThreadReader,
  ) {}

  /** The flag form, a page of its own: a thread page carries a link per post and comment, not a form each. */
  @Get(':kind/:id/flags')
  @SignedIn()
  @FormView('moderation/flag')
  @Render('moderation/flag')
  flagForm(@Param() target: ContentParams) {
    const what = KIND_TYPES[target.kind];
    return { title: `Flag this ${what}`, what };
  }

  @Post(':kind/:id/flags')
  @SignedIn()
  @FormView('moderation/flag')
  @Redirect()
  async flag(@Req() req: Request, @Param() target: ContentParams, @Body() input: FlagDto) {
    const { flag, hidden } = await this.flags.flag(req.user!, KIND_TYPES[target.kind], target.id, input);
    flash(req, 'success', hidden ? 'Thanks. Enough members flagged it: it is hidden until a moderator reviews it.' : 'Thanks. A moderator will review your flag.');
    return { url: await this.threadUrl(flag.questionId) };
  }

  @Post('questions/:id/close-votes')
  @SignedIn()
  @Redirect()
  async voteToClose(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CloseDto) {
    const result = await this.threads.voteToClose(req.user!, id, input);
    flash(req, 'success', result.closed ? 'Your vote closed the question.' : `Your close vote is recorded (${result.votes} of ${result.needed}).`);
    return { url: await this.threadUrl(id) };
  }

  @Get('mod/queue')
  @Roles('moderator')
  @Render('moderation/queue')
  async queue(@Req() req: Request, @Query() query: PageQueryDto) {
    const page = pageRequest(query.page, 30);
    const queue = await this.review.queue(req.user!, page);
    return { title: 'Review queue', items: queue.items.map(ModerationPresenter.queueItem), pages: pageLinksFor(page.number, queue.hasNext, '/mod/queue', {}) };
  }

  @Post('mod/:kind/:id/actions/:action')
  @Roles('moderator')
  @Redirect('/mod/queue')
  async act(@Req() req: Request, @Param() target: ReviewParams, @Body() input: ReviewDto) {
    const outcome = await this.review.review(req.user!, KIND_TYPES[target.kind], target.id, target.action, input);
    flash(req, outcome.changed ? 'success' : 'info', outcome.changed ? DONE[target.action]! : 'Nothing to change: it already was that way.');
  }

  @Get('mod/:kind/:id/edit')
  @Roles('moderator')
  @FormView('moderation/edit')
  @Render('moderation/edit')
  async editPage(@Req() req: Request, @Param() target: PostParams) {
    const post = await this.review.editable(req.user!, KIND_TYPES[target.kind], target.id);
    return {
      title: 'Edit as moderator',
      isQuestion: post.type === 'question',
      values: { title: post.title, body: post.body, tags: (post.tags ?? []).join(' ') },
    };
  }

  @Post('mod/:kind/:id/edit')
  @Roles('moderator')
  @FormView('moderation/edit')
  @Redirect()
  async edit(@Req() req: Request, @Param() target: PostParams, @Body() input: ModeratorEditDto) {
    const outcome = await this.review.edit(req.user!, KIND_TYPES[target.kind], target.id, input);
    flash(req, 'success', outcome.changed ? 'The edit is saved and logged.' : 'Nothing changed.');
    return { url: await this.threadUrl(outcome.questionId) };
  }

  @Post('mod/threads/:id/lock')
  @Roles('moderator')
  @Redirect()
  async lock(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: ReasonDto) {
    await this.threads.setLocked(req.user!, id, true, input);
    flash(req, 'success', 'The thread is locked.');
    return { url: await this.threadUrl(id) };
  }

  @Post('mod/threads/:id/unlock')
  @Roles('moderator')
  @Redirect()
  async unlock(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: ReasonDto) {
    await this.threads.setLocked(req.user!, id, false, input);
    flash(req, 'success', 'The thread is unlocked.');
    return { url: await this.threadUrl(id) };
  }

  @Post('mod/threads/:id/close')
  @Roles('moderator')
  @Redirect()
  async close(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CloseDto) {
    await this.threads.close(req.user!, id, input);
    flash(req, 'success', 'The question is closed.');
    return { url: await this.threadUrl(id) };
  }

  @Post('mod/threads/:id/reopen')
  @Roles('moderator')
  @Redirect()
  async reopen(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: ReasonDto) {
    await this.threads.reopen(req.user!, id, input);
    flash(req, 'success', 'The question is open again.');
    return { url: await this.threadUrl(id) };
  }

  @Get('mod/users/:username')
  @Roles('moderator')
  @FormView('moderation/member')
  @Render('moderation/member')
  async member(@Req() req: Request, @Param('username') username: string) {
    const member = ModerationPresenter.member(await this.suspensions.member(req.user!, username));
    return { title: `Moderate ${member.username}`, member, values: { days: 7 } };
  }

  @Post('mod/users/:username/suspend')
  @Roles('moderator')
  @FormView('moderation/member')
  @Redirect()
  async suspend(@Req() req: Request, @Param('username') username: string, @Body() input: SuspendDto) {
    const member = ModerationPresenter.member(await this.suspensions.suspend(req.user!, username, input));
    flash(req, 'success', `${member.username} is suspended until ${member.suspendedUntilText}.`);
    return { url: `/mod/users/${encodeURIComponent(member.username)}` };
  }

  @Post('mod/users/:username/unsuspend')
  @Roles('moderator')
  @Redirect()
  async unsuspend(@Req() req: Request, @Param('username') username: string, @Body() input: ReasonDto) {
    const member = await this.suspensions.unsuspend(req.user!, username, input);
    flash(req, 'success', `${member.username} is no longer suspended.`);
    return { url: `/mod/users/${encodeURIComponent(member.username)}` };
  }

  @Get('mod/log')
  @Roles('moderator')
  @Render('moderation/log')
  async auditLog(@Req() req: Request, @Query() query: LogQueryDto) {
    const page = pageRequest(query.page, 50);
    const { page: _page, ...filter } = query;
    const entries = await this.log.list(req.user!, filter, page);
    const params = { moderator: filter.moderator, action: filter.action, targetType: filter.targetType, targetId: filter.targetId?.toString() };
    return {
      title: 'Moderation log',
      filter: params,
      actions: AUDIT_ACTIONS.map((value) => ({ value, selected: value === filter.action })),
      targetTypes: AUDIT_TARGET_TYPES.map((value) => ({ value, selected: value === filter.targetType })),
      entries: entries.items.map(ModerationPresenter.logEntry),
      pages: pageLinksFor(page.number, entries.hasNext, '/mod/log', params),
    };
  }

  private async threadUrl(questionId: number): Promise<string> {
    return questionPath({ id: questionId, slug: await this.reader.questionSlug(questionId) });
  }
}
