import { Body, Controller, Get, HttpCode, Post, Query, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RateLimit } from '../common/rate-limit/rate-limit.guard.js';
import type { Request } from 'express';
import { flash } from '../common/http/flash.js';
import { safeReturnPath } from '../common/http/request-kind.js';
import { LocalLoginPolicy } from '../accounts/sign-in/local-login.policy.js';
import { logIn } from '../accounts/sign-in/session-login.js';
import { SignInFlow } from '../accounts/sign-in/sign-in.flow.js';
import { RegisterUserDto } from '../users/dto/register-user.dto.js';
import { UsersService } from '../users/users.service.js';
import { AllowedWhileSuspended, FormView } from './access.decorators.js';
import { LocalAuthGuard } from './local-auth.guard.js';

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly users: UsersService,
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
    await new Promise<void>((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
  }

  @Get('register')
  @FormView('auth/register')
  @Render('auth/register')
  registerPage() {
    this.localLogin.assertPasswordRegistration();
    return { title: 'Create an account', values: {} };
  }

  @Post('register')
  @FormView('auth/register')
  @Redirect()
  async register(@Req() req: Request, @Body() input: RegisterUserDto) {
    this.localLogin.assertPasswordRegistration();
    const user = await this.users.register(input);
    await logIn(req, user);
    flash(req, 'success', `Welcome to AnswerBase, ${user.username}!`);
    return { url: '/' };
  }
}
