import { Injectable, OnModuleDestroy } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

const PgStore = connectPgSimple(session);

/** Sessions live in PostgreSQL (table `session`, created by a migration), so app instances stay stateless. */
@Injectable()
export class SessionStore implements OnModuleDestroy {
  readonly store: session.Store;

  constructor(dataSource: DataSource) {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.store = new PgStore({ pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
  }

  onModuleDestroy(): void {
    (this.store as unknown as { close(): void }).close();
  }
}
