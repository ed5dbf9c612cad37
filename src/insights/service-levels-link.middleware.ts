import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ServiceLevelSettingsService } from './service-level-settings.service.js';

/** Every page's footer links the service levels while they are published (read from memory). */
@Injectable()
export class ServiceLevelsLinkMiddleware implements NestMiddleware {
  constructor(private readonly settings: ServiceLevelSettingsService) {}

  use(_req: Request, res: Response, next: NextFunction): void {
    res.locals.serviceLevelsPublished = this.settings.current().published;
    next();
  }
}
