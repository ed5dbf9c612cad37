import { Body, Controller, Get, Param, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowedWhileSuspended, FormView, PublicForm, SignedIn } from '../../auth/access.decorators.js';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import { flash } from '../../common/http/flash.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.guard.js';
import { BAD_LINK } from '../account-tokens/account-tokens.service.js';
import { AllowedUnconfirmed } from '../email-verification/unconfirmed-email.js';
import { clientOf } from '../security-log/client-info.js';
import { ChangePasswordDto, RequestResetDto, ResetPasswordDto } from './password-reset.dto.js';
import { PasswordResetService } from './password-reset.service.js';

@ApiExcludeController()
@Controller()
export class PasswordResetPagesController {
  constructor(private readonly resets: PasswordResetService) {}

  @Get('forgot-password')
  @FormView('accounts/forgot-password')
  @Render('accounts/forgot-password')
  forgotPage() {
    return { title: 'Reset your password', values: {} };
  }

  /** The same redirect for every address, known or not. */
  @Post('forgot-password')
  @FormView('accounts/forgot-password')
  @RateLimit('password-reset')
  @Redirect('/forgot-password/sent')
  async requestReset(@Req() req: Request, @Body() input: RequestResetDto) {
    await this.resets.request(input.email, clientOf(req));
  }

  @Get('forgot-password/sent')
  @Render('accounts/reset-sent')
  sent() {
    return { title: 'Check your e-mail' };
  }

  @Get('reset-password/:token')
  @PublicForm()
  @Render('accounts/reset-password')
  async resetPage(@Param('token') token: string) {
    if (!(await this.resets.isUsable(token))) throw new InvalidStateError(BAD_LINK);
    return { title: 'Choose a new password', values: { token } };
  }

  @Post('reset-password')
  @FormView('accounts/reset-password')
  @Redirect('/login')
  async reset(@Req() req: Request, @Body() input: ResetPasswordDto) {
    await this.resets.reset(input.token, input.password, clientOf(req));
    flash(req, 'success', 'Your password was changed and every session was signed out. Log in with the new password.');
  }

  @Get('settings/password')
  @SignedIn()
  @FormView('accounts/change-password')
  @Render('accounts/change-password')
  changePage() {
    return { title: 'Change your password', values: {} };
  }

  @Post('settings/password')
  @SignedIn()
  @AllowedUnconfirmed()
  @AllowedWhileSuspended()
  @FormView('accounts/change-password')
  @Redirect('/settings/account')
  async change(@Req() req: Request, @Body() input: ChangePasswordDto) {
    await this.resets.change(req.user!, input.currentPassword, input.password, req.sessionID, clientOf(req));
    flash(req, 'success', 'Your password was changed. Your other sessions were signed out.');
  }
}
