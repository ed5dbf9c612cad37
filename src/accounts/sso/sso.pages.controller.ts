import { Body, Controller, Get, Post, Redirect, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowedWhileSuspended } from '../../auth/access.decorators.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.guard.js';
import { SsoService } from './sso.service.js';

@ApiExcludeController()
@Controller('login/sso')
export class SsoPagesController {
  constructor(private readonly sso: SsoService) {}

  /** The "Sign in with …" button: a form (with its CSRF token) that sends the browser to the provider. */
  @Post()
  @AllowedWhileSuspended()
  @RateLimit('login')
  @Redirect()
  async start(@Req() req: Request, @Body('next') next?: string) {
    return { url: await this.sso.start(req, next), statusCode: 303 };
  }

  @Get('callback')
  @AllowedWhileSuspended()
  @RateLimit('login')
  @Redirect()
  async callback(@Req() req: Request) {
    return { url: await this.sso.callback(req), statusCode: 303 };
  }
}
