import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';
import { RegisterUserDto } from './dto/register-user.dto.js';
import { UsersPresenter } from './users.presenter.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1')
export class UsersApiController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  async register(@Body() input: RegisterUserDto) {
    return UsersPresenter.profile(await this.users.register(input));
  }

  @Get('users/:username')
  async show(@Param('username') username: string) {
    return UsersPresenter.profile(await this.users.getByUsername(username));
  }

  @Patch('users/:username/role')
  @Roles('admin')
  @ApiBearerAuth()
  async changeRole(@Req() req: Request, @Param('username') username: string, @Body() input: ChangeRoleDto) {
    return UsersPresenter.profile(await this.users.changeRole(req.user!, username, input.role));
  }

  @Get('me')
  @SignedIn()
  @ApiBearerAuth()
  async me(@Req() req: Request) {
    return UsersPresenter.me(await this.users.getById(req.user!.id));
  }
}
