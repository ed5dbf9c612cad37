import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/access.decorators.js';
import { PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { BadgeSettingsService } from './badge-settings.service.js';
import { BadgesPresenter } from './badges.presenter.js';
import { BadgesService } from './badges.service.js';
import { AwardBadgeDto, BadgeParams, BadgeReasonDto, DecisionDto, NominationsQueryDto, SuperUserSettingsDto } from './dto/badges.dtos.js';
import { SuperUsersService } from './super-users.service.js';

/** The badge catalogue, members' badges, hand awards and the super-user programme as JSON. */
@ApiTags('badges')
@ApiBearerAuth()
@Controller('api/v1')
export class BadgesApiController {
  constructor(
    private readonly badges: BadgesService,
    private readonly superUsers: SuperUsersService,
    private readonly settings: BadgeSettingsService,
  ) {}

  @Get('badges')
  async catalogue() {
    return { items: BadgesPresenter.catalogue(await this.badges.catalogue()) };
  }

  @Get('badges/:slug')
  async holders(@Param('slug') slug: string, @Query() query: PageQueryDto) {
    const page = pageRequest(query.page, 50);
    const result = await this.badges.holders(slug, page);
    return { badge: BadgesPresenter.badge(result.badge.badge, result.badge.holders), items: result.items.map(BadgesPresenter.holder), page: page.number, hasNext: result.hasNext };
  }

  @Get('users/:username/badges')
  async ofMember(@Param('username') username: string) {
    const { awards } = await this.badges.ofMember(username);
    return { username, counts: BadgesPresenter.tierCounts(awards), items: awards.map(BadgesPresenter.award) };
  }

  @Post('users/:username/badges')
  @Roles('moderator')
  async award(@Req() req: Request, @Param('username') username: string, @Body() input: AwardBadgeDto) {
    const user = await this.badges.award(req.user!, username, input.badge, input.reason);
    return { username: user.username, badge: input.badge, awarded: true };
  }

  @Delete('users/:username/badges/:slug')
  @Roles('moderator')
  async revoke(@Req() req: Request, @Param() params: BadgeParams, @Body() input: BadgeReasonDto) {
    const user = await this.badges.revoke(req.user!, params.username, params.slug, input.reason);
    return { username: user.username, badge: params.slug, revoked: true };
  }

  @Get('super-users/nominations')
  @Roles('moderator')
  async nominations(@Req() req: Request, @Query() query: NominationsQueryDto) {
    return { items: (await this.superUsers.list(req.user!, query.status)).map(BadgesPresenter.nomination) };
  }

  @Post('super-users/nominations/:id/approve')
  @Roles('moderator')
  @HttpCode(200)
  async approve(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: DecisionDto) {
    return BadgesPresenter.nomination(await this.superUsers.approve(req.user!, id, input.note));
  }

  @Post('super-users/nominations/:id/decline')
  @Roles('moderator')
  @HttpCode(200)
  async decline(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: DecisionDto) {
    return BadgesPresenter.nomination(await this.superUsers.decline(req.user!, id, input.note));
  }

  @Get('super-users/review')
  @Roles('moderator')
  async review(@Req() req: Request) {
    return { items: (await this.superUsers.review(req.user!)).map(BadgesPresenter.belowTheBar) };
  }

  @Get('super-users/settings')
  @Roles('moderator')
  settingsNow() {
    return this.settings.superUserBar();
  }

  @Put('super-users/settings')
  @Roles('admin')
  updateSettings(@Req() req: Request, @Body() input: SuperUserSettingsDto) {
    return this.settings.update(req.user!, input);
  }
}
