import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { APP_LOGGER } from '../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';

const CHECK_MS = 1_000;
/** A replica that takes longer than this to answer the check counts as down. */
const CHECK_TIMEOUT_MS = 2_000;
const POOL_SIZE = 10;

export type ReplicaState = 'off' | 'ok' | 'lagging' | 'down';

export interface ReplicaStatus {
  status: ReplicaState;
  /** Where routed reads go now. */
  readsFrom: 'replica' | 'primary';
  /** How far behind the primary the replica's replayed data is, to the check's second. */
  lagSeconds?: number;
  maxLagSeconds?: number;
  error?: string;
}

/**
 * Watches the streaming replica (DATABASE_REPLICA_URL) once a second and says whether reads may go
 * to it. Lag is measured as staleness, not bytes: each check notes the primary's WAL position and
 * when it was seen; the replica's lag is the age of the oldest position it has not replayed yet
 * (zero once it has replayed everything the primary had written). A replica that does not answer,
 * is not a standby, or lags beyond REPLICA_MAX_LAG_SECONDS is passed over until it recovers.
 */
@Injectable()
export class ReplicaMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private replica?: DataSource;
  private state: ReplicaState = 'off';
  private lagSeconds?: number;
  private error?: string;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  /** Primary WAL positions seen and when, oldest first; those the replica has replayed are dropped. */
  private positions: { lsn: bigint; at: number }[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly primary: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.replica) return;
    this.state = 'down';
    await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
  }

  /** The replica's DataSource while reads may go to it; undefined while they go to the primary. */
  get usable(): DataSource | undefined {
    return this.state === 'ok' ? this.replica : undefined;
  }

  status(): ReplicaStatus {
    if (!this.config.replica) return { status: 'off', readsFrom: 'primary' };
    return {
      status: this.state,
      readsFrom: this.state === 'ok' ? 'replica' : 'primary',
      lagSeconds: this.lagSeconds,
      maxLagSeconds: this.config.replica.maxLagSeconds,
      error: this.error,
    };
  }

  /** One check now (the timer runs them every second). */
  check(): Promise<void> {
    this.checking ??= this.measure().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async measure(): Promise<void> {
    const replica = this.config.replica!;
    const previous = this.state;
    try {
      const [{ lsn }]: { lsn: string }[] = await this.primary.query('SELECT pg_current_wal_lsn()::text AS lsn');
      const now = Date.now();
      const position = parseLsn(lsn);
      if (this.positions.at(-1)?.lsn !== position) this.positions.push({ lsn: position, at: now });

      const source = await this.connected();
      const [row]: { standby: boolean; replayed: string | null }[] = await withTimeout(
        source.query('SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed'),
        CHECK_TIMEOUT_MS,
      );
      if (!row.standby || row.replayed === null) throw new Error('DATABASE_REPLICA_URL is not a streaming standby (pg_is_in_recovery() is false)');
      const replayed = parseLsn(row.replayed);
      this.positions = this.positions.filter((p) => p.lsn > replayed);
      this.lagSeconds = this.positions.length ? Math.round((now - this.positions[0]!.at) / 100) / 10 : 0;
      this.state = this.lagSeconds > replica.maxLagSeconds ? 'lagging' : 'ok';
      this.error = undefined;
    } catch (error) {
      this.state = 'down';
      this.lagSeconds = undefined;
      this.error = (error as Error).message;
    }
    if (this.state !== previous) {
      const log = this.state === 'ok' ? this.logger.info.bind(this.logger) : this.logger.warn.bind(this.logger);
      log({ replica: this.status() }, this.state === 'ok' ? 'reads go to the replica' : 'reads fall back to the primary');
    }
  }

  private async connected(): Promise<DataSource> {
    if (this.replica?.isInitialized) return this.replica;
    const options = dataSourceOptions(this.config.replica!.url, POOL_SIZE);
    // The same entities as the primary, so repositories read from either.
    const source = new DataSource({
      ...options,
      entities: this.primary.entityMetadatas.map((metadata) => metadata.target),
      migrations: [],
      extra: { ...options.extra, application_name: 'answerbase-replica-reads', connectionTimeoutMillis: CHECK_TIMEOUT_MS },
    } as typeof options);
    await source.initialize();
    this.replica = source;
    return source;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking?.catch(() => undefined);
    if (this.replica?.isInitialized) await this.replica.destroy().catch(() => undefined);
  }
}

/** '16/B374D848' → a number that orders as the WAL does. */
function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the replica did not answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
