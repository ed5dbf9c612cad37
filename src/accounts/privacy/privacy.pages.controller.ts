import { Body, Controller, Get, Header, Post, Redirect, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowedWhileSuspended, FormView, SignedIn } from '../../auth/access.decorators.js';
import { flash } from '../../common/http/flash.js';
import { AllowedUnconfirmed } from '../email-verification/unconfirmed-email.js';
import { DeleteAccountDto } from './privacy.dto.js';
import { PrivacyService } from './privacy.service.js';

@ApiExcludeController()
@Controller('settings/privacy')
@SignedIn()
export class PrivacyPagesController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get()
  @FormView('accounts/privacy')
  @Render('accounts/privacy')
  async page(@Req() req: Request) {
    return { title: 'Your data and account', values: {}, passwordless: !(await this.privacy.confirmsWithPassword(req.user!)) };
  }

  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="answerbase-my-data.json"')
  @Header('Cache-Control', 'no-store')
  async export(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.type('application/json');
    return JSON.stringify(await this.privacy.export(req.user!), null, 2);
  }

  @Post('delete')
  @AllowedUnconfirmed()
  @AllowedWhileSuspended()
  @FormView('accounts/privacy')
  @Redirect('/')
  async delete(@Req() req: Request, @Body() input: DeleteAccountDto) {
    await this.privacy.deleteAccount(req.user!, input.password, input.removePosts ?? false);
    await new Promise<void>((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
    flash(req, 'success', 'Your account was deleted. Goodbye, and thank you for your help.');
  }
}
