import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, of, type Observable } from 'rxjs';
import { SHOW_BODY } from '../common/views/shared-body.js';
import { PageCache } from './page-cache.service.js';

const CACHED_PAGE = 'page-cache:page';

type TagsOf = (req: Request) => readonly string[];

export interface CachedPageOptions {
  /**
   * Who among signed-in members sees the same body of this page (the layout is theirs alone):
   * a name for their audience, or undefined for a member who gets a page of their own. Without
   * it only anonymous readers are served kept pages.
   */
  audience?: (req: Request) => string | undefined;
}

interface CachedPageMeta extends CachedPageOptions {
  tagsOf: TagsOf;
}

@Injectable()
export class CachedPageInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: PageCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<CachedPageMeta | undefined>(CACHED_PAGE, context.getHandler());
    if (!meta) return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const tags = meta.tagsOf(req);
    this.cache.keep(res, { tags });

    const audience = req.user && req.method === 'GET' ? meta.audience?.(req) : undefined;
    if (audience === undefined) return next.handle();
    const shared = this.cache.sharedBody(audience, req, res);
    if (shared) {
      res.setHeader('X-Cache', 'shared');
      return of({ [SHOW_BODY]: shared.body });
    }
    const keepBody = this.cache.keepBody(audience, req, { tags, startedAt: this.cache.renderBegins() });
    return next.handle().pipe(map((model: Record<string, unknown>) => ({ ...model, ...keepBody })));
  }
}

/**
 * A page anonymous readers may be served from the page cache (see PageCache for when it is kept
 * and when not), and members too when the page names their audience; `tags` names what it shows,
 * so the changes to that drop it.
 */
export const CachedPage = (tags: readonly string[] | TagsOf, options: CachedPageOptions = {}) =>
  applyDecorators(
    SetMetadata(CACHED_PAGE, { ...options, tagsOf: typeof tags === 'function' ? tags : () => tags } satisfies CachedPageMeta),
    UseInterceptors(CachedPageInterceptor),
  );

/** For pages whose body is the same for every member, whatever their role or standing. */
export const EVERY_MEMBER: CachedPageOptions = { audience: () => 'every member' };
