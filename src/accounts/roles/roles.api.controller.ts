import { Body, Controller, Param, Patch, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../auth/access.decorators.js';
import { ChangeRoleDto } from '../../users/dto/change-role.dto.js';
import { UsersPresenter } from '../../users/users.presenter.js';
import { clientOf } from '../security-log/client-info.js';
import { RoleChangesService } from './role-changes.service.js';

@ApiTags('users')
@Controller('api/v1/users')
export class RolesApiController {
  constructor(private readonly roles: RoleChangesService) {}

  @Patch(':username/role')
  @Roles('admin')
  @ApiBearerAuth()
  async changeRole(@Req() req: Request, @Param('username') username: string, @Body() input: ChangeRoleDto) {
    return UsersPresenter.profile(await this.roles.change(req.user!, username, input.role, clientOf(req)));
  }
}
