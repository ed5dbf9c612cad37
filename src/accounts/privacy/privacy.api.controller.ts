import { Body, Controller, Delete, Get, HttpCode, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowedWhileSuspended, SignedIn } from '../../auth/access.decorators.js';
import { AllowedUnconfirmed } from '../email-verification/unconfirmed-email.js';
import { DeleteAccountDto } from './privacy.dto.js';
import { PrivacyService } from './privacy.service.js';

@ApiTags('users')
@Controller('api/v1/me')
@SignedIn()
@ApiBearerAuth()
export class PrivacyApiController {
  constructor(private readonly privacy: PrivacyService) {}

  /** Everything the member contributed and was told: profile, posts, comments, votes, notifications. */
  @Get('data')
  async export(@Req() req: Request) {
    return this.privacy.export(req.user!);
  }

  @Delete()
  @HttpCode(204)
  @AllowedUnconfirmed()
  @AllowedWhileSuspended()
  async delete(@Req() req: Request, @Body() input: DeleteAccountDto) {
    await this.privacy.deleteAccount(req.user!, input.password, input.removePosts ?? false);
  }
}
