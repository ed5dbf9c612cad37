import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/errors/domain-errors.js';
import type { Role } from '../users/role.js';
import { ROLES_ALLOWED, SIGNED_IN } from './access.decorators.js';

/** Global: enforces @SignedIn and @Roles on every route, pages and API alike. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const needsUser = this.reflector.getAllAndOverride<boolean>(SIGNED_IN, targets);
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_ALLOWED, targets);
    if (!needsUser) return true;

    const { user } = context.switchToHttp().getRequest<Request>();
    if (!user) throw new UnauthenticatedError();
    if (roles && user.role !== 'admin' && !roles.includes(user.role)) {
      throw new ForbiddenError('You do not have permission to do that.');
    }
    return true;
  }
}
