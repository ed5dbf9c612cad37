import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators.js';
import { pageLinksFor, pageRequest } from '../../common/http/pagination.js';
import { SecurityLogQueryDto } from './security-log.dto.js';
import { SecurityLogPresenter } from './security-log.presenter.js';
import { SecurityLogService } from './security-log.service.js';

@ApiExcludeController()
@Controller('admin/security-log')
@Roles('admin')
export class SecurityLogPagesController {
  constructor(private readonly log: SecurityLogService) {}

  @Get()
  @Render('accounts/security-log')
  async list(@Query() query: SecurityLogQueryDto) {
    const page = pageRequest(query.page, 50);
    const result = await this.log.list({ user: query.user, kind: query.kind }, page);
    const params = { user: query.user, kind: query.kind };
    return {
      title: 'Security log',
      filter: params,
      kinds: SecurityLogPresenter.kindOptions(query.kind),
      events: result.items.map(SecurityLogPresenter.row),
      pages: pageLinksFor(page.number, result.hasNext, '/admin/security-log', params),
    };
  }
}
