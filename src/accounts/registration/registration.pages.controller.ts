import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView } from '../../auth/access.decorators.js';
import { flash } from '../../common/http/flash.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.guard.js';
import { RegisterUserDto } from '../../users/dto/register-user.dto.js';
import { LocalLoginPolicy } from '../sign-in/local-login.policy.js';
import { RegistrationService } from './registration.service.js';

@ApiExcludeController()
@Controller('register')
export class RegistrationPagesController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly localLogin: LocalLoginPolicy,
  ) {}

  @Get()
  @FormView('auth/register')
  @Render('auth/register')
  registerPage() {
    this.localLogin.assertPasswordRegistration();
    return { title: 'Create an account', values: {} };
  }

  @Post()
  @FormView('auth/register')
  @RateLimit('register')
  @Redirect()
  async register(@Req() req: Request, @Body() input: RegisterUserDto) {
    const result = await this.registration.register(input);
    if ('checkEmail' in result) return { url: '/register/check-email' };
    await new Promise<void>((resolve, reject) => req.login(result.user, (error) => (error ? reject(error) : resolve())));
    flash(req, 'success', `Welcome to AnswerBase, ${result.user.username}!`);
    return { url: '/' };
  }

  @Get('check-email')
  @Render('accounts/check-email')
  checkEmail() {
    return { title: 'Check your e-mail' };
  }
}
