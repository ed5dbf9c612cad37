import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../common/rate-limit/rate-limit.guard.js';
import type { Request } from 'express';
import { clientOf } from '../accounts/security-log/client-info.js';
import { UsersPresenter } from '../users/users.presenter.js';
import { SignedIn } from './access.decorators.js';
import { CreateTokenDto } from './dto/create-token.dto.js';
import { TokensService } from './tokens.service.js';

@ApiTags('tokens')
@Controller('api/v1/tokens')
export class TokensApiController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @RateLimit('login')
  async create(@Req() req: Request, @Body() input: CreateTokenDto) {
    const { token, record } = await this.tokens.issueForCredentials(input, clientOf(req));
    return { token, ...UsersPresenter.token(record) };
  }

  @Get()
  @SignedIn()
  @ApiBearerAuth()
  async list(@Req() req: Request) {
    return (await this.tokens.listActive(req.user!)).map(UsersPresenter.token);
  }

  @Delete(':id')
  @HttpCode(204)
  @SignedIn()
  @ApiBearerAuth()
  async revoke(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.tokens.revoke(req.user!, id, clientOf(req));
  }
}
