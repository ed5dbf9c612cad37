import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { WHILE_SUSPENDED } from '../../auth/access.decorators.js';
import { ForbiddenError } from '../../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ALLOWED_UNCONFIRMED, CONFIRM_FIRST, mustConfirmEmail } from './unconfirmed-email.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global, like suspension: while REQUIRE_VERIFIED_EMAIL is on, a member who has not confirmed
 * their address may read and manage their account, and write nothing else (pages and API).
 */
@Injectable()
export class ConfirmedEmailGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method) || !mustConfirmEmail(this.config, req.user as Parameters<typeof mustConfirmEmail>[1])) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(ALLOWED_UNCONFIRMED, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(WHILE_SUSPENDED, targets)) return true;
    throw new ForbiddenError(CONFIRM_FIRST);
  }
}
