import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../database/database.module.js';
import { ReplicaMonitor, type ReplicaStatus } from '../database/replica-monitor.service.js';
import { JobQueue, type JobStats } from '../jobs/job-queue.js';
import { SEARCH_INDEX, type SearchIndex } from '../search/search-index.port.js';

type CheckStatus = 'ok' | 'degraded' | 'unavailable';

export interface HealthReport {
  /** unavailable: the database is not answering (HTTP 503); degraded: serving, but jobs lag (HTTP 200). */
  status: CheckStatus;
  checks: Record<string, { status: CheckStatus; latencyMs?: number; error?: string; engine?: string }>;
  /** Jobs waiting to run (created or waiting for a retry), search indexing among them. */
  backlog?: number;
  /**
   * The read replica (DATABASE_REPLICA_URL): ok, lagging or down, and where routed reads go now.
   * A replica that lags or is down degrades nothing but the primary's load, so the status stays ok.
   */
  replica: ReplicaStatus;
  /** Whether this instance hears the others' changes (its LISTEN connection is up). */
  cluster: { listening: boolean };
  /** Waiting, active, stale (active past their expiry: their worker died) and the oldest due job's age. */
  jobs?: JobStats;
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly jobs: JobQueue,
    private readonly replica: ReplicaMonitor,
    private readonly cluster: ClusterEvents,
    @Inject(SEARCH_INDEX) private readonly search: SearchIndex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthReport> {
    // A new connection, not a pooled one: while PostgreSQL shuts down, pooled sessions still answer
    // but nothing new gets in, and the report must say so.
    const database = await this.probe(async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 3_000, application_name: 'answerbase-health' });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    });
    const search = await this.probe(async () => {
      if (!(await this.search.healthy())) throw new Error(`${this.search.engine} is not answering`);
    });
    const checks: HealthReport['checks'] = { database, search: { ...search, engine: this.search.engine } };
    if (database.status !== 'ok') return { status: 'unavailable', checks, replica: this.replica.status(), cluster: { listening: this.cluster.listening } };

    const jobs = await this.jobs.stats().catch(() => undefined);
    if (jobs) {
      // An old backlog (a search engine down for long, no worker running) or jobs a dead worker holds:
      // the site serves, but what lags behind it is late, and an operator should know.
      const late = jobs.oldestWaitingSeconds > this.config.jobs.backlogAlertSeconds;
      checks.jobs = late || jobs.stale > 0
        ? { status: 'degraded', error: late ? `the oldest job has waited ${jobs.oldestWaitingSeconds} s` : `${jobs.stale} job(s) outlived their worker` }
        : { status: 'ok' };
    }
    // Search down degrades the product (indexing waits and retries) but the app still serves pages.
    const instance = { replica: this.replica.status(), cluster: { listening: this.cluster.listening } };
    return { status: checks.jobs?.status === 'degraded' ? 'degraded' : 'ok', checks, backlog: jobs?.waiting, jobs, ...instance };
  }

  private async probe(work: () => Promise<unknown>) {
    const started = performance.now();
    try {
      await work();
      return { status: 'ok' as const, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { status: 'unavailable' as const, error: (error as Error).message };
    }
  }
}
