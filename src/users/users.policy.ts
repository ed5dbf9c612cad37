import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '../common/errors/domain-errors.js';
import type { Actor } from './actor.js';

@Injectable()
export class UsersPolicy {
  assertCanManageRoles(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators can change roles.');
  }
}
