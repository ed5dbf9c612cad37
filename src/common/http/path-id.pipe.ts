import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from '../errors/domain-errors.js';

/**
 * A path segment where a number belongs (`/questions/:id`) that is not one names nothing:
 * `/questions/new` is a page that does not exist (404), not a malformed request (400). Runs
 * before the other pipes, on route parameters declared as numbers.
 */
@Injectable()
export class PathIdPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param' && metadata.metatype === Number && typeof value === 'string' && !/^\d+$/.test(value)) {
      throw new NotFoundError('There is nothing at this address.');
    }
    return value;
  }
}
