import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { APP_LOGGER } from '../common/logging/logger.js';

const PgStore = connectPgSimple(session);

/** A session read again within this time is not written again to push its expiry on (it lasts 30 days). */
const TOUCH_INTERVAL_MS = 3600 * 1000;
/** Sessions whose last touch this instance remembers; the oldest is forgotten first (and simply touched again). */
const TOUCHES_REMEMBERED = 20_000;

/** Sessions live in PostgreSQL (table `session`, created by a migration), so app instances stay stateless. */
@Injectable()
export class SessionStore implements OnModuleDestroy {
  readonly store: session.Store;

  constructor(dataSource: DataSource, @Inject(APP_LOGGER) logger: Logger) {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.store = new PgStore({
      pool,
      tableName: 'session',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
      // Pruning fails while the database is away (it retries on its next round): a warning, not console.error.
      errorLog: (...args: unknown[]) => logger.warn({ detail: args.map(String).join(' ') }, 'session store'),
    });
    throttleTouches(this.store);
  }

  onModuleDestroy(): void {
    (this.store as unknown as { close(): void }).close();
  }
}

/**
 * express-session "touches" an unchanged session after every request: an UPDATE of its expiry on
 * each signed-in page view, a write (and a round trip) on a read. Once an hour per session and
 * instance is enough for an expiry 30 days out; a changed session is still saved as before.
 */
function throttleTouches(store: session.Store): void {
  const touch = store.touch?.bind(store);
  if (!touch) return;
  const set = store.set.bind(store);
  const touched = new Map<string, number>();
  const remember = (sid: string) => {
    touched.delete(sid);
    touched.set(sid, Date.now());
    if (touched.size > TOUCHES_REMEMBERED) touched.delete(touched.keys().next().value!);
  };
  store.touch = (sid, sess, callback) => {
    const last = touched.get(sid);
    if (last !== undefined && Date.now() - last < TOUCH_INTERVAL_MS) return callback?.();
    remember(sid);
    touch(sid, sess, callback);
  };
  // A save writes the expiry too.
  store.set = (sid, sess, callback) => {
    remember(sid);
    set(sid, sess, callback);
  };
}
