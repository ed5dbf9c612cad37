import { Body, Controller, Get, HttpCode, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { flash } from '../../common/http/flash.js';
import { AllowedWhileSuspended, FormView, Roles, SignedIn } from '../../auth/access.decorators.js';
import { clientOf } from '../security-log/client-info.js';
import { SecondFactorCodeDto, SignInSettingsDto } from './dto/two-factor.dtos.js';
import { markSecondFactor } from './second-factor-session.js';
import { TwoFactorSettingsService } from './two-factor-settings.service.js';
import { TwoFactorPresenter } from './two-factor.presenter.js';
import { TwoFactorService } from './two-factor.service.js';

@ApiExcludeController()
@Controller()
export class TwoFactorPagesController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly settings: TwoFactorSettingsService,
  ) {}

  @Get('settings/two-factor')
  @SignedIn()
  @FormView('accounts/two-factor')
  @Render('accounts/two-factor')
  async page(@Req() req: Request) {
    return TwoFactorPresenter.page(await this.settings.statusOf(req.user!));
  }

  @Post('settings/two-factor/enable')
  @HttpCode(200)
  @SignedIn()
  @AllowedWhileSuspended()
  @FormView('accounts/two-factor')
  @Render('accounts/recovery-codes')
  async enable(@Req() req: Request, @Body() input: SecondFactorCodeDto) {
    // A wrong code shows the same page again, QR code included.
    Object.assign(req.res!.locals, await TwoFactorPresenter.page(await this.settings.statusOf(req.user!)));
    const codes = await this.twoFactor.confirmEnrolment(req.user!, input.code, clientOf(req));
    markSecondFactor(req);
    return { title: 'Your recovery codes', codes };
  }

  @Post('settings/two-factor/disable')
  @SignedIn()
  @AllowedWhileSuspended()
  @FormView('accounts/two-factor')
  @Redirect('/settings/two-factor')
  async disable(@Req() req: Request, @Body() input: SecondFactorCodeDto) {
    Object.assign(req.res!.locals, await TwoFactorPresenter.page(await this.settings.statusOf(req.user!)));
    await this.twoFactor.disable(req.user!, input.code, clientOf(req));
    flash(req, 'success', 'Two-factor authentication is off.');
  }

  @Get('admin/sign-in')
  @Roles('admin')
  @FormView('accounts/sign-in-settings')
  @Render('accounts/sign-in-settings')
  async settingsPage(@Req() req: Request) {
    return { title: 'Sign-in settings', ...(await this.settings.forAdmin(req.user!)) };
  }

  @Post('admin/sign-in')
  @Roles('admin')
  @FormView('accounts/sign-in-settings')
  @Redirect('/admin/sign-in')
  async saveSettings(@Req() req: Request, @Body() input: SignInSettingsDto) {
    await this.settings.setStaffRequired(req.user!, input.staffTwoFactorRequired);
    flash(req, 'success', input.staffTwoFactorRequired ? 'Staff now need two-factor authentication.' : 'Two-factor authentication is optional for staff.');
  }
}
