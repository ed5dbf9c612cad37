import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EntityManager } from 'typeorm';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import { isApiRequest } from '../common/http/request-kind.js';
import { KEEP_BODY, type RenderedBody } from '../common/views/shared-body.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PageStore, type Kept, type StoredPage } from './page-store.js';

/** What a page controller says about its response: the tags of what it shows, and what a cached read still does. */
export interface KeepOptions {
  tags: readonly string[];
  onHit?: (req: Request) => void;
}

/** A page's body as every member of one audience sees it (gzipped JSON of the body and its layout fields). */
interface SharedBody<F = unknown> extends Kept {
  /** What the page's controller needs to tell whether a reader may have this body (see `sharedBody`). */
  readonly facts: F;
}

/** What keeping a body for an audience needs: the tags of what it shows, when its reads began, the controller's facts. */
export interface KeepBodyOptions<F> {
  tags: readonly string[];
  startedAt: number;
  facts?: F;
}

/** The cluster message of an invalidation. */
interface Invalidation {
  tags: string[];
}

const KEEP = Symbol('page-cache.keep');
const SESSION_COOKIE = /(?:^|;\s*)ab\.sid=/;
/** Past this many remembered tags the memory of recent invalidations is folded into one floor. */
const RECENT_TAGS_LIMIT = 10_000;

/**
 * The page cache and the HTTP caching headers of every page (docs/caching.md).
 *
 * A page is kept only when its controller asks (`keep`, or `@CachedPage`) and the request and
 * response are anonymous through and through: no session cookie or Authorization came in, nobody
 * signed in, no form token was made, no flash shown, nothing written to a session, status 200.
 * Kept pages are served before sessions, logging and the router run. Changes announce the tags
 * they touch inside their transaction; after the commit every instance drops those pages.
 *
 * Signed-in members get no kept page, but a page may share its body (the view without the layout)
 * among the members of an audience it names (`sharedBody`, `keepBody`): same bound, same tags,
 * same time-to-live; the layout, with the member's name, flash and form token, is theirs alone.
 */
@Injectable()
export class PageCache implements OnModuleInit {
  /** Anonymous pages (keyed by their URL) and members' shared bodies (keyed by audience and URL), under one bound. */
  private readonly store: PageStore<StoredPage | SharedBody>;
  private readonly publicControl: string;
  /** Invalidations seen so far, and the latest one per tag: a render that began before one of its tags changed is not kept. */
  private sequence = 0;
  private floor = 0;
  private readonly recent = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cluster: ClusterEvents,
  ) {
    this.store = new PageStore<StoredPage | SharedBody>(config.pageCache.maxMegabytes * 1024 * 1024);
    const { sharedMaxAgeSeconds, staleWhileRevalidateSeconds } = config.pageCache;
    this.publicControl = `public, max-age=0, s-maxage=${sharedMaxAgeSeconds}, stale-while-revalidate=${staleWhileRevalidateSeconds}`;
  }

  onModuleInit(): void {
    this.cluster.subscribe('page-cache.invalidate', (payload) => void this.invalidate((payload as Invalidation).tags ?? []));
    // Messages sent while this instance could not listen are lost: forget every kept page.
    this.cluster.onResync(() => this.forgetAll());
  }

  /** Marks this response as a page that may be kept for anonymous readers. */
  keep(res: Response, options: KeepOptions): void {
    res.locals[KEEP as unknown as string] = options;
  }

  /**
   * Announces, inside the change's transaction, the tags of the pages it changes: when it commits,
   * every instance (this one too) drops those pages; if it rolls back, nothing is said.
   */
  announce(tx: EntityManager, tags: readonly string[]): Promise<void> {
    return this.cluster.publish('page-cache.invalidate', { tags: [...tags] } satisfies Invalidation, tx);
  }

  /** Where a render's reads begin: a body rendered from reads older than a change it shows is not kept. */
  renderBegins(): number {
    return this.sequence;
  }

  /**
   * The body of the page at this request's address as the members of `audience` see it, when one
   * is kept and this member may be given it. An audience is a name for readers who see the same body; the page that names it
   * answers for that (and, with `facts`, for the readers who must get a page of their own).
   */
  sharedBody<F>(audience: string, req: Request, res: Response): { body: RenderedBody; facts: F } | undefined {
    // Back from a form (a flash to show), a member gets a fresh render: the change they just made
    // may not have reached this instance's cache yet, and they of all readers must see it.
    if (!this.config.pageCache.enabled || res.locals.flash) return undefined;
    const kept = this.store.get(sharedKey(audience, req), Date.now());
    if (!kept || !('facts' in kept)) return undefined;
    return { body: JSON.parse(gunzipSync(kept.body).toString('utf8')) as RenderedBody, facts: kept.facts as F };
  }

  /** View model fields that keep this page's body for `audience` as it is rendered (see `sharedBody`). */
  keepBody<F>(audience: string, req: Request, options: KeepBodyOptions<F>): Record<string, unknown> {
    if (!this.config.pageCache.enabled) return {};
    const key = sharedKey(audience, req);
    return {
      [KEEP_BODY]: (body: RenderedBody) => {
        if (this.changedSince(options.tags, options.startedAt)) return;
        this.store.set(key, {
          body: gzipped(Buffer.from(JSON.stringify(body), 'utf8')),
          tags: options.tags,
          facts: options.facts,
          expiresAt: Date.now() + this.config.pageCache.ttlSeconds * 1000,
        });
      },
    };
  }

  /** Drops the pages carrying these tags from this instance's memory. */
  invalidate(tags: readonly string[]): number {
    this.sequence += 1;
    if (this.recent.size + tags.length > RECENT_TAGS_LIMIT) {
      this.recent.clear();
      this.floor = this.sequence;
    }
    for (const tag of tags) this.recent.set(tag, this.sequence);
    return this.store.invalidate(tags);
  }

  /** Pages and bytes held (for tests and the health of the bound). */
  stats(): { pages: number; bytes: number } {
    return { pages: this.store.size, bytes: this.store.totalBytes };
  }

  /** Drops every kept page, and treats every render under way as stale. */
  forgetAll(): void {
    this.store.clear();
    this.recent.clear();
    this.sequence += 1;
    this.floor = this.sequence;
  }

  /** The Express middleware: serves kept pages, and gives every page its caching headers. */
  middleware(): RequestHandler {
    return (req, res, next) => this.handle(req, res, next);
  }

  private handle(req: Request, res: Response, next: NextFunction): void {
    if (isApiRequest(req) || req.path.startsWith('/static/') || req.path === '/healthz') return next();
    const readable = req.method === 'GET' || req.method === 'HEAD';
    const anonymous = readable && !SESSION_COOKIE.test(req.headers.cookie ?? '') && req.headers.authorization === undefined;
    const key = anonymous ? `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}` : undefined;
    if (key !== undefined && this.config.pageCache.enabled) {
      const page = this.store.get(key, Date.now());
      if (page && 'headers' in page) {
        page.onHit?.(req);
        return this.serve(req, res, page);
      }
    }
    const startedAt = this.sequence;
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      res.send = send;
      return send(typeof body === 'string' && isHtml(res) ? this.decorate(req, res, body, key, startedAt) : body);
    }) as Response['send'];
    next();
  }

  /**
   * Public caching headers (and a place in the cache) for an anonymous page, `private, no-store` for
   * every other; returns the body to send: an anonymous page goes out gzipped to a reader who takes
   * it, as the kept copy is.
   */
  private decorate(req: Request, res: Response, body: string, key: string | undefined, startedAt: number): string | Buffer {
    const keep = res.locals[KEEP as unknown as string] as KeepOptions | undefined;
    if (key === undefined || keep === undefined || res.statusCode !== 200 || !isAnonymousThroughout(req, res)) {
      res.setHeader('Vary', 'Cookie');
      res.setHeader('Cache-Control', 'private, no-store');
      return body;
    }
    const buffer = Buffer.from(body, 'utf8');
    const page = {
      body: gzipped(buffer),
      htmlLength: buffer.length,
      etag: `"${createHash('sha1').update(buffer).digest('base64url')}"`,
      headers: { ...res.getHeaders(), 'content-type': 'text/html; charset=utf-8', vary: 'Cookie, Accept-Encoding', 'cache-control': this.publicControl },
      tags: keep.tags,
      onHit: keep.onHit,
      expiresAt: Date.now() + this.config.pageCache.ttlSeconds * 1000,
    };
    delete page.headers['set-cookie'];
    if (this.config.pageCache.enabled && !this.changedSince(keep.tags, startedAt)) this.store.set(key, page);
    res.setHeader('Content-Type', page.headers['content-type']); // sent as bytes, which Express would call octet-stream
    res.setHeader('Vary', page.headers.vary);
    res.setHeader('Cache-Control', this.publicControl);
    return this.takesGzip(req, res, page) ? page.body : buffer;
  }

  /**
   * Whether this reader takes the gzipped form; sets that form's encoding, length and ETag (the
   * bytes themselves are only made when they are sent: never for a 304 or a HEAD).
   */
  private takesGzip(req: Request, res: Response, page: StoredPage): boolean {
    const gzipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    // A strong validator names one representation: the gzipped bytes have an ETag of their own.
    res.setHeader('ETag', gzipped ? `${page.etag.slice(0, -1)}-gz"` : page.etag);
    if (gzipped) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', gzipped ? page.body.length : page.htmlLength);
    return gzipped;
  }

  private changedSince(tags: readonly string[], startedAt: number): boolean {
    if (startedAt < this.floor) return true;
    return tags.some((tag) => (this.recent.get(tag) ?? 0) > startedAt);
  }

  private serve(req: Request, res: Response, page: StoredPage): void {
    for (const [name, value] of Object.entries(page.headers)) if (value !== undefined) res.setHeader(name, value);
    res.setHeader('X-Cache', 'hit');
    const gzipped = this.takesGzip(req, res, page);
    if (req.fresh) {
      res.statusCode = 304;
      res.removeHeader('Content-Type');
      res.removeHeader('Content-Length');
      res.end();
      return;
    }
    res.statusCode = 200;
    if (req.method === 'HEAD') res.end();
    else res.end(gzipped ? page.body : gunzipSync(page.body));
  }
}

/** The page gzipped, in memory of its own size: gzip's output is a view of a 16 KB chunk, which a kept page would hold whole. */
function gzipped(html: Buffer): Buffer {
  const chunk = gzipSync(html);
  const page = Buffer.allocUnsafeSlow(chunk.length);
  chunk.copy(page);
  return page;
}

function sharedKey(audience: string, req: Request): string {
  return `${audience} ${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`;
}

function isHtml(res: Response): boolean {
  const type = res.getHeader('Content-Type');
  return type === undefined || String(type).startsWith('text/html');
}

/** Nothing about the request or the response belongs to one reader. */
function isAnonymousThroughout(req: Request, res: Response): boolean {
  if (req.user || res.locals.viewer || res.locals.csrfToken || res.locals.flash) return false;
  if (res.getHeader('Set-Cookie') !== undefined) return false;
  return !req.session || Object.keys(req.session).every((name) => name === 'cookie');
}
