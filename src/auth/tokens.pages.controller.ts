import { Body, Controller, Get, Param, ParseIntPipe, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { clientOf } from '../accounts/security-log/client-info.js';
import { flash } from '../common/http/flash.js';
import { UsersPresenter } from '../users/users.presenter.js';
import { FreshSecondFactor } from '../accounts/sign-in/fresh-second-factor.service.js';
import { FormView, SignedIn } from './access.decorators.js';
import { NameTokenDto } from './dto/create-token.dto.js';
import { TokensService } from './tokens.service.js';

@ApiExcludeController()
@Controller('settings/tokens')
@SignedIn()
export class TokensPagesController {
  constructor(
    private readonly tokens: TokensService,
    private readonly secondFactor: FreshSecondFactor,
  ) {}

  @Get()
  @FormView('auth/tokens')
  @Render('auth/tokens')
  async list(@Req() req: Request) {
    const tokens = (await this.tokens.listActive(req.user!)).map(UsersPresenter.token);
    return { title: 'Access tokens', tokens, values: {}, askCode: await this.secondFactor.wantsCode(req, req.user!) };
  }

  @Post()
  @FormView('auth/tokens')
  @Render('auth/token-created')
  async create(@Req() req: Request, @Body() input: NameTokenDto) {
    req.res!.locals.askCode = await this.secondFactor.wantsCode(req, req.user!);
    await this.secondFactor.assertForTokenPage(req, req.user!, input.code);
    const { token, record } = await this.tokens.issue(req.user!, input.name, clientOf(req));
    return { title: 'New access token', token, record: UsersPresenter.token(record) };
  }

  @Post(':id/revoke')
  @Redirect('/settings/tokens')
  async revoke(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.tokens.revoke(req.user!, id, clientOf(req));
    flash(req, 'success', 'The token was revoked; it no longer works.');
  }
}
