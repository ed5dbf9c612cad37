import { Body, Controller, Get, HttpCode, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { EmailPreferenceDto, MarkReadDto } from './dto/notification.dtos.js';
import { NotificationsPresenter } from './notifications.presenter.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
@SignedIn()
export class NotificationsApiController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  async list(@Req() req: Request, @Query() query: PageQueryDto) {
    return NotificationsPresenter.list(await this.notifications.list(req.user!, pageRequest(query.page, 30)));
  }

  @Post('read')
  @HttpCode(200)
  async markRead(@Req() req: Request, @Body() input: MarkReadDto) {
    const marked = await this.notifications.markRead(req.user!, { ids: input.ids, all: input.all === true });
    return { marked, unread: await this.notifications.unreadCount(req.user!.id) };
  }

  @Put('preferences')
  async preferences(@Req() req: Request, @Body() input: EmailPreferenceDto) {
    return { email: await this.notifications.setEmailPreference(req.user!, input.email) };
  }
}
