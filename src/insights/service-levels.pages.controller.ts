import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, Roles } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { ServiceLevelSettingsDto, ServiceLevelsQueryDto } from './dto/service-levels.dtos.js';
import { InsightsService } from './insights.service.js';
import { ServiceLevelSettingsService } from './service-level-settings.service.js';
import { ServiceLevelsPresenter } from './service-levels.presenter.js';
import { ServiceLevelsService } from './service-levels.service.js';

/** The public service-levels page and the admins' choice of what it shows. */
@ApiExcludeController()
@Controller()
export class ServiceLevelsPagesController {
  constructor(
    private readonly serviceLevels: ServiceLevelsService,
    private readonly settings: ServiceLevelSettingsService,
    private readonly insights: InsightsService,
  ) {}

  @Get('service-levels')
  @Render('insights/service-levels')
  async page(@Query() query: ServiceLevelsQueryDto) {
    const [report, tags, timeZones] = await Promise.all([
      this.serviceLevels.report(query.tag ?? null, query.tz),
      this.insights.tagNames(),
      this.serviceLevels.timeZoneNames(),
    ]);
    return ServiceLevelsPresenter.page(report, tags, timeZones);
  }

  @Get('admin/service-levels')
  @Roles('admin')
  @FormView('insights/service-level-settings')
  @Render('insights/service-level-settings')
  async settingsPage(@Req() req: Request) {
    return ServiceLevelsPresenter.settings(await this.settings.forAdmin(req.user!));
  }

  @Post('admin/service-levels')
  @Roles('admin')
  @FormView('insights/service-level-settings')
  @Redirect('/admin/service-levels')
  async saveSettings(@Req() req: Request, @Body() input: ServiceLevelSettingsDto) {
    const saved = await this.settings.update(req.user!, input);
    flash(req, 'success', saved.published ? 'The service levels are published at /service-levels.' : 'The service levels are not published.');
  }
}
