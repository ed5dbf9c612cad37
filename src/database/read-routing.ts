import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type ObjectLiteral, type Repository } from 'typeorm';
import { isApiRequest } from '../common/http/request-kind.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReplicaMonitor } from './replica-monitor.service.js';

/** The cookie that keeps a reader who just wrote on the primary (it only names a routing choice: forging it costs nothing). */
export const RECENT_WRITE_COOKIE = 'ab.rw';

/** Whether the request being handled may read from the replica; absent outside requests (jobs, the CLI): primary. */
const scope = new AsyncLocalStorage<{ replica: boolean }>();

/**
 * Decides per request where its routed reads go: GET and HEAD may read from the replica, unless
 * the reader wrote within READ_YOUR_WRITES_SECONDS (a short-lived cookie every write sets) or calls
 * the API with a token (integrations write and then read at once). Only with DATABASE_REPLICA_URL.
 */
export function readRoutingMiddleware(config: AppConfig): RequestHandler {
  const seconds = config.replica?.readYourWritesSeconds ?? 0;
  return (req: Request, res: Response, next: NextFunction) => {
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (!reading && !isApiRequest(req)) {
      res.cookie(RECENT_WRITE_COOKIE, '1', { maxAge: seconds * 1000, httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    }
    const wroteRecently = (req.headers.cookie ?? '').split(/;\s*/).some((pair) => pair.startsWith(`${RECENT_WRITE_COOKIE}=`));
    scope.run({ replica: reading && !wroteRecently && !req.headers.authorization }, next);
  };
}

/**
 * Where a read that may be stale by a second goes: the replica while the request allows it and
 * the replica is healthy, otherwise the primary. Only the hot anonymous reads ask (the thread page,
 * question lists, search); everything else, and every write, uses the primary as before.
 */
@Injectable()
export class ReadRouting {
  constructor(
    private readonly primary: DataSource,
    private readonly replica: ReplicaMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The DataSource for this request's routed reads. */
  dataSource(): DataSource {
    if (!this.config.replica || !scope.getStore()?.replica) return this.primary;
    return this.replica.usable ?? this.primary;
  }

  /** The same repository on the DataSource for this request's routed reads. */
  repository<T extends ObjectLiteral>(repository: Repository<T>): Repository<T> {
    const source = this.dataSource();
    return source === this.primary ? repository : source.getRepository(repository.target);
  }
}
