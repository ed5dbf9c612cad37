import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { UsersPresenter } from './users.presenter.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1')
export class UsersApiController {
  constructor(private readonly users: UsersService) {}

  @Get('users/:username')
  async show(@Param('username') username: string) {
    return UsersPresenter.profile(await this.users.getByUsername(username));
  }

  @Get('me')
  @SignedIn()
  @ApiBearerAuth()
  async me(@Req() req: Request) {
    return UsersPresenter.me(await this.users.getById(req.user!.id));
  }
}
