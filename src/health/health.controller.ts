import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthService } from './health.service.js';

@ApiTags('operations')
@Controller('healthz')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  async check(@Res() res: Response) {
    const report = await this.health.check();
    // Degraded still serves: a load balancer keeps the instance; only a missing database takes it out.
    res.status(report.status === 'unavailable' ? 503 : 200).json(report);
  }
}
