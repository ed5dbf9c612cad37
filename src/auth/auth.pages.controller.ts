import { Body, Controller, Get, HttpCode, Post, Query, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { clientOf } from '../accounts/security-log/client-info.js';
import { SecurityLogService } from '../accounts/security-log/security-log.service.js';
import { RateLimit } from '../common/rate-limit/rate-limit.guard.js';
import type { Request } from 'express';
import { safeReturnPath } from '../common/http/request-kind.js';
import { LocalLoginPolicy } from '../accounts/sign-in/local-login.policy.js';
import { SignInFlow } from '../accounts/sign-in/sign-in.flow.js';
import { AllowedWhileSuspended, FormView } from './access.decorators.js';
import { LocalAuthGuard } from './local-auth.guard.js';

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly log: SecurityLogService,
    private readonly signIn: SignInFlow,
    private readonly localLogin: LocalLoginPolicy,
  ) {}

  @Get('login')
  @FormView('auth/login')
  @Render('auth/login')
  loginPage(@Query('next') next?: string) {
    return { title: 'Log in', values: { next: safeReturnPath(next) }, ...this.localLogin.loginOptions() };
  }

  @Post('login')
  @AllowedWhileSuspended()
  @HttpCode(302)
  @FormView('auth/login')
  @RateLimit('login')
  @UseGuards(LocalAuthGuard)
  @Redirect()
  async login(@Req() req: Request, @Body('next') next?: string) {
    return { url: await this.signIn.afterPassword(req, req.user!, safeReturnPath(next)) };
  }

  @Post('logout')
  @AllowedWhileSuspended()
  @Redirect('/')
  async logout(@Req() req: Request) {
    if (req.user) await this.log.record('sign-out', { userId: req.user.id, ...clientOf(req) });
    await new Promise<void>((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
  }
}
