import { Body, Controller, Get, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/access.decorators.js';
import { tagsFromText } from '../threads/dto/thread.dtos.js';
import { ExpectationsQueryDto, ServiceLevelSettingsDto, ServiceLevelsQueryDto } from './dto/service-levels.dtos.js';
import { ServiceLevelSettingsService } from './service-level-settings.service.js';
import { ServiceLevelsPresenter } from './service-levels.presenter.js';
import { ServiceLevelsService } from './service-levels.service.js';

/** The published service levels as JSON (public, 404 while unpublished), and their settings (admins). */
@ApiTags('service levels')
@Controller('api/v1/service-levels')
export class ServiceLevelsApiController {
  constructor(
    private readonly serviceLevels: ServiceLevelsService,
    private readonly settings: ServiceLevelSettingsService,
  ) {}

  @Get()
  async report(@Query() query: ServiceLevelsQueryDto) {
    return ServiceLevelsPresenter.api(await this.serviceLevels.report(query.tag ?? null, query.tz));
  }

  /** What the ask page shows as tags are chosen; empty while nothing is published. */
  @Get('expectations')
  async expectations(@Query() query: ExpectationsQueryDto) {
    return { expectations: ServiceLevelsPresenter.expectations(await this.serviceLevels.forTags(tagsFromText(query.tags))) };
  }

  @Get('settings')
  @Roles('admin')
  @ApiBearerAuth()
  async getSettings(@Req() req: Request) {
    return this.settings.forAdmin(req.user!);
  }

  @Put('settings')
  @Roles('admin')
  @ApiBearerAuth()
  async putSettings(@Req() req: Request, @Body() input: ServiceLevelSettingsDto) {
    return this.settings.update(req.user!, input);
  }
}
