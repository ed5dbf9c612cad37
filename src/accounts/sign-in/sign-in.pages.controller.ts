import { Body, Controller, Get, HttpCode, Post, Redirect, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowedWhileSuspended, FormView } from '../../auth/access.decorators.js';
import { SecondFactorCodeDto } from '../two-factor/dto/two-factor.dtos.js';
import { SignInFlow } from './sign-in.flow.js';

/** The second step of signing in: the code from the authenticator app, or a recovery code. */
@ApiExcludeController()
@Controller('login/two-factor')
export class SignInPagesController {
  constructor(private readonly flow: SignInFlow) {}

  @Get()
  @FormView('accounts/two-factor-sign-in')
  async page(@Req() req: Request, @Res() res: Response) {
    if (!this.flow.hasPendingSignIn(req)) return res.redirect(303, '/login');
    res.render('accounts/two-factor-sign-in', { title: 'Two-factor authentication', values: {} });
  }

  @Post()
  @AllowedWhileSuspended()
  @HttpCode(302)
  @FormView('accounts/two-factor-sign-in')
  @Redirect()
  async verify(@Req() req: Request, @Body() input: SecondFactorCodeDto) {
    return { url: await this.flow.afterSecondFactor(req, input.code) };
  }
}
