import { Global, Module } from '@nestjs/common';
import { CachedPageInterceptor } from './cached-page.decorator.js';
import { PageCache } from './page-cache.service.js';

/** The anonymous page cache: any page module may mark its pages, any writer announce its changes. */
@Global()
@Module({ providers: [PageCache, CachedPageInterceptor], exports: [PageCache, CachedPageInterceptor] })
export class PageCacheModule {}
