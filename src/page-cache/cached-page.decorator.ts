import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { PageCache } from './page-cache.service.js';

const CACHED_PAGE = 'page-cache:tags';

type TagsOf = (req: Request) => readonly string[];

@Injectable()
export class CachedPageInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: PageCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const tagsOf = this.reflector.get<TagsOf | undefined>(CACHED_PAGE, context.getHandler());
    if (tagsOf) {
      const http = context.switchToHttp();
      const req = http.getRequest<Request>();
      this.cache.keep(http.getResponse<Response>(), { tags: tagsOf(req) });
    }
    return next.handle();
  }
}

/**
 * A page anonymous readers may be served from the page cache (see PageCache for when it is kept
 * and when not); `tags` names what it shows, so the changes to that drop it.
 */
export const CachedPage = (tags: readonly string[] | TagsOf) =>
  applyDecorators(SetMetadata(CACHED_PAGE, typeof tags === 'function' ? tags : () => tags), UseInterceptors(CachedPageInterceptor));
