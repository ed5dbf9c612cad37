import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RateLimitService, type RateLimitName } from './rate-limit.service.js';

const RATE_LIMIT = 'rate-limit';

/** Counts each request to the route against the named limit, per client address. */
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT, name);

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<RateLimitName | undefined>(RATE_LIMIT, context.getHandler());
    if (name) await this.limits.consume(name, context.switchToHttp().getRequest<Request>().ip ?? 'unknown');
    return true;
  }
}
