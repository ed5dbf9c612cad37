import { Controller, Get, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../../auth/access.decorators.js';
import { UsersService } from '../../users/users.service.js';
import { AccountSettingsPresenter } from './account-settings.presenter.js';

/** The account overview: address and whether it is confirmed, and the way to every account page. */
@ApiExcludeController()
@Controller('settings/account')
@SignedIn()
export class AccountSettingsPagesController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Render('accounts/account')
  async overview(@Req() req: Request) {
    return { title: 'Your account', account: AccountSettingsPresenter.account(await this.users.getById(req.user!.id)) };
  }
}
