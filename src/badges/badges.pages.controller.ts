import { Body, Controller, Get, OnModuleInit, Param, ParseIntPipe, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, Roles } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { pageLinksFor, PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { BadgesPresenter } from './badges.presenter.js';
import { BadgesPolicy } from './badges.policy.js';
import { BadgesService } from './badges.service.js';
import { BADGES } from './badges.catalogue.js';
import { AwardBadgeDto, BadgeParams, BadgeReasonDto, DecisionDto } from './dto/badges.dtos.js';
import { SuperUsersService } from './super-users.service.js';

/** The catalogue, a badge's holders, a member's badges (with hand awards), and the super-user queue: plain forms, post/redirect/get. */
@ApiExcludeController()
@Controller()
export class BadgesPagesController implements OnModuleInit {
  constructor(
    private readonly badges: BadgesService,
    private readonly superUsers: SuperUsersService,
    private readonly policy: BadgesPolicy,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** The award form's choices, for its first rendering and for a re-rendering with field errors alike. */
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance() as { locals?: Record<string, unknown> } | undefined;
    if (app?.locals) app.locals.badgeChoices = BADGES.map((badge) => ({ slug: badge.slug, name: `${badge.name} (${badge.tier})` }));
  }

  @Get('badges')
  @Render('badges/index')
  async catalogue() {
    return { title: 'Badges', tiers: BadgesPresenter.byTier(await this.badges.catalogue()) };
  }

  @Get('badges/:slug')
  @Render('badges/show')
  async holders(@Param('slug') slug: string, @Query() query: PageQueryDto) {
    const page = pageRequest(query.page, 50);
    const result = await this.badges.holders(slug, page);
    return {
      title: `${result.badge.badge.name} badge`,
      badge: BadgesPresenter.badge(result.badge.badge, result.badge.holders),
      holders: result.items.map(BadgesPresenter.holder),
      pages: pageLinksFor(page.number, result.hasNext, `/badges/${slug}`, {}),
    };
  }

  @Get('users/:username/badges')
  @Render('badges/member')
  async member(@Req() req: Request, @Param('username') username: string) {
    const { user, awards } = await this.badges.ofMember(username);
    return {
      title: `Badges of ${user.username}`,
      username: user.username,
      counts: BadgesPresenter.tierCounts(awards),
      badges: BadgesPresenter.memberBadges(awards),
      canManage: this.policy.isCommunityManager(req.user),
    };
  }

  @Get('users/:username/badges/award')
  @Roles('moderator')
  @FormView('badges/award')
  @Render('badges/award')
  async awardForm(@Param('username') username: string) {
    const { user } = await this.badges.ofMember(username);
    return { title: `Award a badge to ${user.username}`, username: user.username, values: {} };
  }

  @Post('users/:username/badges')
  @Roles('moderator')
  @FormView('badges/award')
  @Redirect()
  async award(@Req() req: Request, @Param('username') username: string, @Body() input: AwardBadgeDto) {
    const user = await this.badges.award(req.user!, username, input.badge, input.reason);
    flash(req, 'success', `The badge is awarded to ${user.username} and logged.`);
    return { url: `/users/${encodeURIComponent(user.username)}/badges` };
  }

  @Post('users/:username/badges/:slug/revoke')
  @Roles('moderator')
  @Redirect()
  async revoke(@Req() req: Request, @Param() params: BadgeParams, @Body() input: BadgeReasonDto) {
    const user = await this.badges.revoke(req.user!, params.username, params.slug, input.reason);
    flash(req, 'success', `The badge is revoked from ${user.username} and logged.`);
    return { url: `/users/${encodeURIComponent(user.username)}/badges` };
  }

  @Get('admin/super-users')
  @Roles('moderator')
  @Render('badges/super-users')
  async superUsersQueue(@Req() req: Request) {
    const [pending, decided, below] = await Promise.all([
      this.superUsers.list(req.user!, 'pending'),
      this.superUsers.list(req.user!, 'approved'),
      this.superUsers.review(req.user!),
    ]);
    return {
      title: 'Super-users',
      nominations: pending.map(BadgesPresenter.nomination),
      approved: decided.map(BadgesPresenter.nomination),
      below: below.map(BadgesPresenter.belowTheBar),
    };
  }

  @Post('admin/super-users/nominations/:id/approve')
  @Roles('moderator')
  @Redirect('/admin/super-users')
  async approve(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: DecisionDto) {
    const nomination = await this.superUsers.approve(req.user!, id, input.note);
    flash(req, 'success', `${nomination.user?.username} is now a super-user.`);
  }

  @Post('admin/super-users/nominations/:id/decline')
  @Roles('moderator')
  @Redirect('/admin/super-users')
  async decline(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: DecisionDto) {
    const nomination = await this.superUsers.decline(req.user!, id, input.note);
    flash(req, 'info', `The nomination of ${nomination.user?.username} is declined.`);
  }
}
