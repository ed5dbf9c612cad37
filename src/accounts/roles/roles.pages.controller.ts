import { Body, Controller, Param, Post, Redirect, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../auth/access.decorators.js';
import { flash } from '../../common/http/flash.js';
import { ChangeRoleDto } from '../../users/dto/change-role.dto.js';
import { clientOf } from '../security-log/client-info.js';
import { RoleChangesService } from './role-changes.service.js';

@ApiExcludeController()
@Controller('admin/users')
@Roles('admin')
export class RolesPagesController {
  constructor(private readonly roles: RoleChangesService) {}

  @Post(':username/role')
  @Redirect('/admin/users')
  async changeRole(@Req() req: Request, @Param('username') username: string, @Body() input: ChangeRoleDto) {
    const user = await this.roles.change(req.user!, username, input.role, clientOf(req));
    flash(req, 'success', `${user.username} is now ${/^[aeiou]/.test(input.role) ? 'an' : 'a'} ${input.role}.`);
  }
}
