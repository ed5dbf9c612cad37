import { Controller, Get, Param, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowedWhileSuspended, SignedIn } from '../../auth/access.decorators.js';
import { flash } from '../../common/http/flash.js';
import { clientOf } from '../security-log/client-info.js';
import { SessionsService } from './sessions.service.js';

@ApiExcludeController()
@Controller('settings/sessions')
@SignedIn()
@AllowedWhileSuspended()
export class SessionsPagesController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Render('accounts/sessions')
  async list(@Req() req: Request) {
    return { title: 'Your sessions', sessions: await this.sessions.list(req.user!, { sid: req.sessionID, meta: req.session.meta }) };
  }

  @Post('others/sign-out')
  @Redirect('/settings/sessions')
  async signOutOthers(@Req() req: Request) {
    const ended = await this.sessions.signOutOthers(req.user!, req.sessionID, clientOf(req));
    flash(req, 'success', ended === 1 ? 'One other session was signed out.' : `${ended} other sessions were signed out.`);
  }

  @Post(':handle/sign-out')
  @Redirect('/settings/sessions')
  async signOut(@Req() req: Request, @Param('handle') handle: string) {
    await this.sessions.signOut(req.user!, handle, clientOf(req));
    flash(req, 'success', 'That session was signed out.');
  }
}
