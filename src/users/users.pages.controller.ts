import { Body, Controller, Get, Param, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { PageQueryDto, pageLinks, pageRequest } from '../common/http/pagination.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';
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

  @Post('admin/users/:username/role')
  @Roles('admin')
  @Redirect('/admin/users')
  async changeRole(@Req() req: Request, @Param('username') username: string, @Body() input: ChangeRoleDto) {
    const user = await this.users.changeRole(req.user!, username, input.role);
    flash(req, 'success', `${user.username} is now ${/^[aeiou]/.test(input.role) ? 'an' : 'a'} ${input.role}.`);
  }
}
