import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators.js';
import { pageRequest } from '../../common/http/pagination.js';
import { SecurityLogQueryDto } from './security-log.dto.js';
import { SecurityLogPresenter } from './security-log.presenter.js';
import { SecurityLogService } from './security-log.service.js';

@ApiTags('admin')
@Controller('api/v1/admin/security-events')
@Roles('admin')
@ApiBearerAuth()
export class SecurityLogApiController {
  constructor(private readonly log: SecurityLogService) {}

  @Get()
  async list(@Query() query: SecurityLogQueryDto) {
    const page = pageRequest(query.page, 50);
    const result = await this.log.list({ user: query.user, kind: query.kind }, page);
    return { items: result.items.map(SecurityLogPresenter.event), page: page.number, hasNext: result.hasNext };
  }
}
