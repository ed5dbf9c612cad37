import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, SignedIn } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { pageLinksFor, PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { EmailPreferenceFormDto, MarkReadFormDto } from './dto/notification.dtos.js';
import { NotificationsPresenter } from './notifications.presenter.js';
import { NotificationsService } from './notifications.service.js';

@ApiExcludeController()
@Controller()
@SignedIn()
export class NotificationsPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @FormView('notifications/list')
  @Render('notifications/list')
  async list(@Req() req: Request, @Query() query: PageQueryDto) {
    const slice = await this.notifications.list(req.user!, pageRequest(query.page, 30));
    return { title: 'Notifications', ...NotificationsPresenter.list(slice), pages: pageLinksFor(query.page ?? 1, slice.hasNext, '/notifications', {}) };
  }

  @Post('notifications/read')
  @Redirect('/notifications')
  async markRead(@Req() req: Request, @Body() input: MarkReadFormDto) {
    const marked = await this.notifications.markRead(req.user!, { ids: input.id ? [input.id] : [], all: input.all === '1' });
    flash(req, 'success', input.all ? 'All notifications are marked read.' : marked ? 'Marked read.' : 'Nothing to mark.');
  }

  @Get('settings/notifications')
  @FormView('notifications/settings')
  @Render('notifications/settings')
  async settings(@Req() req: Request) {
    return { title: 'Notification settings', email: await this.notifications.emailPreference(req.user!.id), smtp: this.notifications.emailDelivers() };
  }

  @Post('settings/notifications')
  @Redirect('/settings/notifications')
  async saveSettings(@Req() req: Request, @Body() input: EmailPreferenceFormDto) {
    const email = await this.notifications.setEmailPreference(req.user!, input.email === true);
    flash(req, 'success', email ? 'You will get notifications by e-mail.' : 'You will not get notifications by e-mail.');
  }
}
