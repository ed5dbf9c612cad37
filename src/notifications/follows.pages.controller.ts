import { Body, Controller, Get, Param, ParseIntPipe, Post, Redirect, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CsrfExempt, FormView, SignedIn } from '../auth/access.decorators.js';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { flash } from '../common/http/flash.js';
import { safeReturnPath } from '../common/http/request-kind.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Inject } from '@nestjs/common';
import { DigestsService } from './digests.service.js';
import { FollowPreferencesDto, FollowTagDto, WatchDto } from './dto/follow.dtos.js';
import { FollowsService } from './follows.service.js';
import { readUnsubscribeToken } from './unsubscribe-links.js';

/** The follows page (tags, watched threads, routing, digest), watch buttons, and one-click unsubscribe. */
@ApiExcludeController()
@Controller()
export class FollowsPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly follows: FollowsService,
    private readonly digests: DigestsService,
  ) {}

  @Get('settings/follows')
  @SignedIn()
  @FormView('notifications/follows')
  @Render('notifications/follows')
  async page(@Req() req: Request) {
    const userId = req.user!.id;
    const preferences = await this.follows.preferencesOf(userId);
    return {
      title: 'Follows and digests',
      tags: await this.follows.followedTags(userId),
      watching: await this.follows.watchedThreads(userId),
      routing: preferences.routing,
      digest: { off: preferences.digest === 'off', daily: preferences.digest === 'daily', weekly: preferences.digest === 'weekly' },
    };
  }

  @Post('settings/follows/tags')
  @SignedIn()
  @FormView('notifications/follows')
  @Redirect('/settings/follows')
  async follow(@Req() req: Request, @Body() input: FollowTagDto) {
    await this.follows.followTag(req.user!, input.tag);
    flash(req, 'success', `You follow [${input.tag.trim().toLowerCase()}].`);
  }

  @Post('settings/follows/tags/:tag/delete')
  @SignedIn()
  @Redirect('/settings/follows')
  async unfollow(@Req() req: Request, @Param('tag') tag: string) {
    await this.follows.unfollowTag(req.user!, tag);
    flash(req, 'success', `You no longer follow [${tag}].`);
  }

  @Post('settings/follows/preferences')
  @SignedIn()
  @Redirect('/settings/follows')
  async preferences(@Req() req: Request, @Body() input: FollowPreferencesDto) {
    await this.follows.setPreferences(req.user!, { routing: input.routing ?? false, digest: input.digest });
    flash(req, 'success', 'Your choices are saved.');
  }

  @Post('questions/:id/watch')
  @SignedIn()
  @Redirect()
  async watch(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: WatchDto, @Body('next') next?: string) {
    const watching = await this.follows.setWatching(req.user!, id, input.watching);
    flash(req, 'success', watching ? 'You are watching this thread.' : 'You no longer watch this thread.');
    return { url: safeReturnPath(next) ?? `/questions/${id}` };
  }

  /** The link in an e-mail opens a confirmation page (a link scanner's GET changes nothing). */
  @Get('unsubscribe/:token')
  @Render('notifications/unsubscribe')
  unsubscribePage(@Param('token') token: string) {
    const found = readUnsubscribeToken(this.config.sessionSecret, token);
    if (!found) throw new NotFoundError('This unsubscribe link is not valid.');
    return { title: 'Unsubscribe', token, digest: found.list === 'digest' };
  }

  /** RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click`, with no cookies; the signed link authenticates it. */
  @Post('unsubscribe/:token')
  @CsrfExempt()
  async unsubscribe(@Param('token') token: string, @Res() res: Response) {
    const found = readUnsubscribeToken(this.config.sessionSecret, token);
    if (!found) throw new NotFoundError('This unsubscribe link is not valid.');
    await this.digests.unsubscribe(found.userId, found.list);
    res.status(200).render('notifications/unsubscribed', { title: 'Unsubscribed', digest: found.list === 'digest' });
  }
}
