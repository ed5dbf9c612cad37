import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { PageQueryDto, pageLinks, pageRequest } from '../common/http/pagination.js';
import { UsersPresenter } from './users.presenter.js';
import { UsersService } from './users.service.js';

@ApiExcludeController()
@Controller()
export class UsersPagesController {
  constructor(private readonly users: UsersService) {}

  @Get('admin/users')
  @Roles('admin')
  @Render('admin/users')
  async adminUsers(@Query() query: PageQueryDto) {
    const page = await this.users.list(pageRequest(query.page, 50));
    return { title: 'Manage members', users: UsersPresenter.adminRows(page), pages: pageLinks(page, '/admin/users') };
  }
}
