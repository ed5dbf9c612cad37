import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { APP_LOGGER } from '../common/logging/logger.js';

const PgStore = connectPgSimple(session);

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
  }

  onModuleDestroy(): void {
    (this.store as unknown as { close(): void }).close();
  }
}
