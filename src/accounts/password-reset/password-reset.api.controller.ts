import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { RateLimit } from '../../common/rate-limit/rate-limit.guard.js';
import { clientOf } from '../security-log/client-info.js';
import { RequestResetDto, ResetPasswordDto } from './password-reset.dto.js';
import { PasswordResetService } from './password-reset.service.js';

export const RESET_REQUESTED = 'If an account has this address, we sent it a link to choose a new password. It works once, for an hour.';

@ApiTags('accounts')
@Controller('api/v1/password-reset')
export class PasswordResetApiController {
  constructor(private readonly resets: PasswordResetService) {}

  /** Always 202 with the same body: the answer says nothing about whether the address has an account. */
  @Post()
  @HttpCode(202)
  @RateLimit('password-reset')
  async request(@Req() req: Request, @Body() input: RequestResetDto) {
    await this.resets.request(input.email, clientOf(req));
    return { message: RESET_REQUESTED };
  }

  @Post('confirm')
  @HttpCode(204)
  async reset(@Req() req: Request, @Body() input: ResetPasswordDto) {
    await this.resets.reset(input.token, input.password, clientOf(req));
  }
}
