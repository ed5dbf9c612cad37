import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { assertNotSuspended } from '../users/suspension.js';
import { WHILE_SUSPENDED } from './access.decorators.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: suspension means read-only. A suspended member (signed in on a page or holding an API
 * token) gets a 403 on every write, on every route — those added later included — except the few
 * marked @AllowedWhileSuspended (signing out). Services keep their own checks as a second line.
 */
@Injectable()
export class SuspensionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method) || !req.user) return true;
    if (this.reflector.getAllAndOverride<boolean>(WHILE_SUSPENDED, [context.getHandler(), context.getClass()])) return true;
    assertNotSuspended(req.user);
    return true;
  }
}
