import { Body, Controller, Get, Param, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, PublicForm, SignedIn } from '../../auth/access.decorators.js';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import { flash } from '../../common/http/flash.js';
import { BAD_LINK } from '../account-tokens/account-tokens.service.js';
import { clientOf } from '../security-log/client-info.js';
import { ChangeEmailDto, ConfirmEmailDto } from './email-confirmation.dto.js';
import { EmailConfirmationService } from './email-confirmation.service.js';
import { AllowedUnconfirmed } from './unconfirmed-email.js';

@ApiExcludeController()
@Controller()
@AllowedUnconfirmed()
export class EmailConfirmationPagesController {
  constructor(private readonly confirmation: EmailConfirmationService) {}

  /** The link shows a button: mail scanners that follow links do not use it up. */
  @Get('confirm-email/:token')
  @PublicForm()
  @Render('accounts/confirm-email')
  async confirmPage(@Param('token') token: string) {
    if (!(await this.confirmation.isUsable(token))) throw new InvalidStateError(BAD_LINK);
    return { title: 'Confirm your e-mail address', values: { token } };
  }

  @Post('confirm-email')
  @FormView('accounts/confirm-email')
  @Redirect()
  async confirm(@Req() req: Request, @Body() input: ConfirmEmailDto) {
    const { changed } = await this.confirmation.confirm(input.token, clientOf(req));
    flash(req, 'success', changed ? 'Your new e-mail address is confirmed and now in use.' : 'Your e-mail address is confirmed. Thank you!');
    return { url: req.user ? '/settings/account' : '/login' };
  }

  @Post('settings/email/resend')
  @SignedIn()
  @Redirect('/settings/account')
  async resend(@Req() req: Request) {
    await this.confirmation.resend(req.user!);
    flash(req, 'success', 'We sent you a new confirmation link. It works once, for 48 hours.');
  }

  @Get('settings/email')
  @SignedIn()
  @FormView('accounts/change-email')
  @Render('accounts/change-email')
  changePage() {
    return { title: 'Change your e-mail address', values: {} };
  }

  @Post('settings/email')
  @SignedIn()
  @FormView('accounts/change-email')
  @Redirect('/settings/account')
  async change(@Req() req: Request, @Body() input: ChangeEmailDto) {
    await this.confirmation.requestChange(req.user!, input.email, input.password, clientOf(req));
    flash(req, 'success', `We sent a link to ${input.email}. Your address changes once you follow it; until then the old one stays.`);
  }
}
