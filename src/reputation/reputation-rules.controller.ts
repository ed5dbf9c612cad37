import { Body, Controller, Get, Post, Put, Redirect, Render, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, Roles } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { UpdateRulesDto } from './dto/reputation.dtos.js';
import { ReputationRulesService } from './reputation-rules.service.js';
import { DEFAULT_RULES, RULE_LABELS, type RuleName, type Rules } from './reputation.rules.js';

const present = (rules: Rules) =>
  (Object.keys(DEFAULT_RULES) as RuleName[]).map((name) => ({ name, label: RULE_LABELS[name], value: rules[name], default: DEFAULT_RULES[name] }));

/** Admins tune the reputation and privilege numbers: a settings page and its API. */
@ApiTags('reputation')
@Controller()
@Roles('admin')
export class ReputationRulesController {
  constructor(private readonly rules: ReputationRulesService) {}

  @Get('admin/reputation')
  @FormView('reputation/rules')
  @Render('reputation/rules')
  async page() {
    return { title: 'Reputation rules', rules: present(await this.rules.current()) };
  }

  @Post('admin/reputation')
  @FormView('reputation/rules')
  @Redirect('/admin/reputation')
  async save(@Req() req: Request, @Body() input: UpdateRulesDto) {
    await this.rules.update(req.user!, input);
    flash(req, 'success', 'The reputation rules are saved.');
  }

  @Get('api/v1/reputation/rules')
  @ApiBearerAuth()
  async get() {
    return this.rules.current();
  }

  @Put('api/v1/reputation/rules')
  @ApiBearerAuth()
  async put(@Req() req: Request, @Body() input: UpdateRulesDto) {
    return this.rules.update(req.user!, input);
  }
}
