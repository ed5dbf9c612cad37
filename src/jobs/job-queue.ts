import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { POOL_IDLE_TIMEOUT_MS, POOL_MAX_LIFETIME_SECONDS } from '../database/data-source.js';
import { DATABASE_URL } from '../database/database.module.js';
import { APP_LOGGER } from '../common/logging/logger.js';
import { isDatabaseUnavailable } from '../common/errors/postgres-errors.js';

export const JOB_SCHEMA = 'pgboss';

export type JobHandler<T> = (data: T) => Promise<void>;

interface Registration {
  handler: JobHandler<unknown>;
  keyOf?: (data: unknown) => string;
  expireInSeconds: number;
  retryLimit: number;
  /** A batch handler takes every job fetched together in one run. */
  batch?: (data: unknown[]) => Promise<void>;
}

/** What /healthz says of the queues: counts that are true whatever state jobs are stuck in. */
export interface JobStats {
  /** Created or waiting for a retry. */
  waiting: number;
  /** Taken by a worker and not finished. */
  active: number;
  /** Active for longer than their expiry: their worker died; they are retried at the next maintenance. */
  stale: number;
  /** Seconds since the oldest job that is due now was created (0 when none is waiting). */
  oldestWaitingSeconds: number;
}

const BATCH_SIZE = 50;

/** What waits for a sweep (its recorded rows), in the terms of JobStats. */
export type SweepBacklog = Pick<JobStats, 'waiting' | 'oldestWaitingSeconds'>;

export interface SubscribeOptions<T> {
  /**
   * For handlers that re-read current state (so running once covers every change before it):
   * jobs with the same key fetched together run the handler once, so a burst of changes to one
   * thing costs one run, not one per change. (Coalescing happens when jobs are taken, never when
   * they are published: a unique key on waiting jobs would make writers of one thread queue up.)
   */
  coalesceBy?: (data: T) => string;
  /**
   * How long one batch of this handler may run before its jobs are taken for lost (the worker died)
   * and retried; the default (JOB_EXPIRE_SECONDS) suits handlers that take a second or less a job.
   */
  expireInSeconds?: number;
  retryLimit?: number;
}

/**
 * The job queue (pg-boss on the app's PostgreSQL). Jobs are published inside the caller's
 * transaction, so they commit or roll back with the change that causes them; handlers live in
 * the subscribing module, are idempotent, and are retried with backoff when they fail.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, Registration>();
  /** Event name → the queues of its handlers (fan-out: each subscriber gets every job). */
  private readonly routes = new Map<string, string[]>();
  private started = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly sweeps = new Map<string, { pass: () => Promise<number>; pending: () => Promise<SweepBacklog> }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: JOB_SCHEMA,
      migrate: false,
      max: 4,
      // As the app's pool: connections come and go, so a smart shutdown of PostgreSQL completes.
      idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
      maxLifetimeSeconds: POOL_MAX_LIFETIME_SECONDS,
      // Maintenance (expiry, archiving) runs where jobs run; pg-boss keeps it to one process at a time.
      supervise: config.jobs.workers,
      // Maintenance fails (and so retries) jobs active past their expiry: with a job's expiry in
      // seconds, a worker that dies mid-job delays it by expiry + this interval, not 15 minutes.
      maintenanceIntervalSeconds: config.jobs.maintenanceSeconds,
      schedule: false,
      application_name: 'answerbase-jobs',
    } as PgBoss.ConstructorOptions);
    this.boss.on('error', (error) => {
      // The database going away (a restart, a shutdown, Ctrl-C on the process group) is an
      // expected condition the queue recovers from by itself, not an error of the app.
      if (isDatabaseUnavailable(error)) this.logger.warn({ reason: (error as Error).message }, 'job queue: database unavailable, retrying');
      else this.logger.error({ err: error }, 'job queue error');
    });
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  /**
   * Subscribers register at start; the queue is created if it does not exist yet. Without
   * `subscriber` the handler consumes the event's own queue (one handler per event). With it, the
   * subscriber gets a queue of its own (`<event>~<subscriber>`) that receives a copy of every job
   * published from then on, so several modules can each handle the same event, and retry it, apart.
   */
  async subscribe<T>(name: string, handler: JobHandler<T>, subscriber?: string, options: SubscribeOptions<T> = {}): Promise<void> {
    const queue = subscriber ? subscriberQueue(name, subscriber) : name;
    await this.ensureQueue(queue);
    const registration: Registration = {
      handler: handler as JobHandler<unknown>,
      keyOf: options.coalesceBy as Registration['keyOf'],
      expireInSeconds: options.expireInSeconds ?? this.config.jobs.expireSeconds,
      retryLimit: options.retryLimit ?? this.config.jobs.retryLimit,
    };
    this.routes.set(name, [...(this.routes.get(name) ?? []).filter((r) => r !== queue), queue]);
    this.handlers.set(queue, registration);
    if (this.config.jobs.workers) {
      // A failing batch is retried whole; handlers are idempotent, so the jobs that had run do no harm.
      await this.boss.work<T>(queue, { batchSize: BATCH_SIZE, pollingIntervalSeconds: this.config.jobs.pollSeconds }, async (jobs) => {
        for (const group of coalesce(registration, jobs)) await handler(group.at(-1)!.data as T);
      });
    }
  }

  /**
   * A periodic job: `run` is the handler of the job `name`, which each process that runs workers
   * publishes every `intervalMs`. Runs must be idempotent (several instances each publish it).
   */
  async every(name: string, intervalMs: number, run: () => Promise<unknown>): Promise<void> {
    await this.subscribe(name, async () => void (await run()));
    if (!this.config.jobs.workers) return;
    const timer = setInterval(() => void this.runSoon(name).catch((error: unknown) => this.logger.warn({ err: error, job: name }, 'periodic job not published')), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * A pass over work recorded in tables rather than as one job per change (`vote_changes`): each
   * process that runs workers calls `pass` every `intervalMs`, never two at once, and `drain()`
   * calls it too. A pass takes what is recorded and publishes the jobs that do the work in its own
   * transaction, so a pass that fails or dies leaves the rows for the next; it returns how many
   * rows it took (0 when there was nothing). `pending` says what waits for it, for `stats`.
   */
  sweep(name: string, intervalMs: number, pass: () => Promise<number>, pending: () => Promise<SweepBacklog>): void {
    let running: Promise<number> | undefined;
    const once = () => (running ??= pass().finally(() => (running = undefined)));
    this.sweeps.set(name, { pass: once, pending });
    if (!this.config.jobs.workers) return;
    const timer = setInterval(() => void once().catch((error: unknown) => this.logger.warn({ err: error, sweep: name }, 'sweep failed; its rows wait for the next')), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  /** Publishes a periodic job now, outside any change (`every`'s timer, the CLI, tests). */
  async runSoon(name: string): Promise<void> {
    await this.boss.send(name, {}, { expireInSeconds: this.handlers.get(name)?.expireInSeconds ?? this.config.jobs.expireSeconds });
  }

  /**
   * Like `subscribe`, for handlers that do one job's work for many at once (a batched update):
   * the handler gets the payloads of every job fetched together (up to the batch size), in order.
   */
  async subscribeBatch<T>(name: string, handler: (items: T[]) => Promise<void>, subscriber: string): Promise<void> {
    const queue = subscriberQueue(name, subscriber);
    await this.ensureQueue(queue);
    const batch = handler as (data: unknown[]) => Promise<void>;
    this.routes.set(name, [...(this.routes.get(name) ?? []).filter((r) => r !== queue), queue]);
    this.handlers.set(queue, { handler: (data) => batch([data]), batch, expireInSeconds: this.config.jobs.expireSeconds, retryLimit: this.config.jobs.retryLimit });
    if (this.config.jobs.workers) {
      await this.boss.work<T>(queue, { batchSize: BATCH_SIZE, pollingIntervalSeconds: this.config.jobs.pollSeconds }, (jobs) => batch(jobs.map((job) => job.data)));
    }
  }

  /**
   * Enqueues a job for each of the event's handlers as part of `tx`, in one statement: the jobs
   * exist only if the transaction commits. An event nobody handles enqueues nothing.
   */
  publish<T extends object>(tx: EntityManager, name: string, data: T): Promise<void> {
    return this.publishAll(tx, [{ name, data }]);
  }

  /** Several events of one change, still in one statement. */
  async publishAll(tx: EntityManager, events: { name: string; data: object }[]): Promise<void> {
    const jobs = events.flatMap(({ name, data }) =>
      (this.routes.get(name) ?? []).map((queue) => ({
        name: queue,
        data,
        expireInSeconds: this.handlers.get(queue)?.expireInSeconds ?? this.config.jobs.expireSeconds,
        retryLimit: this.handlers.get(queue)?.retryLimit ?? this.config.jobs.retryLimit,
        retryDelay: this.config.jobs.retryDelaySeconds,
        retryBackoff: true,
      })),
    );
    if (jobs.length === 0) return;
    await this.boss.insert(jobs, { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }) } } as never);
  }

  /**
   * Runs every job that is due now (of the `only` queues, or of all and every sweep), in this
   * process, until none is left (jobs that fail are left for their retry). For tests ("drain
   * before asserting") and the CLI.
   */
  async drain(only?: string[]): Promise<number> {
    const names = only ?? [...this.handlers.keys()];
    const sweeps = only ? [] : [...this.sweeps.values()].map((sweep) => sweep.pass);
    let processed = 0;
    for (;;) {
      let found = 0;
      for (const pass of sweeps) found += await pass();
      for (const name of names) {
        const registration = this.handlers.get(name);
        if (!registration) continue;
        const jobs = await this.boss.fetch<unknown>(name, { batchSize: BATCH_SIZE });
        if (registration.batch && jobs?.length) {
          found += jobs.length;
          const ids = jobs.map((job) => job.id);
          try {
            await registration.batch(jobs.map((job) => job.data));
            await this.boss.complete(name, ids);
          } catch (error) {
            for (const id of ids) await this.boss.fail(name, id, { message: (error as Error).message });
          }
          continue;
        }
        for (const group of coalesce(registration, jobs ?? [])) {
          found += group.length;
          const ids = group.map((job) => job.id);
          try {
            await registration.handler(group.at(-1)!.data);
            await this.boss.complete(name, ids);
          } catch (error) {
            for (const id of ids) await this.boss.fail(name, id, { message: (error as Error).message });
          }
        }
      }
      processed += found;
      if (found === 0) return processed;
    }
  }

  /** The queue names of an event's handlers (for drain and backlog). */
  queuesOf(name: string): string[] {
    return this.routes.get(name) ?? [];
  }

  /** Jobs waiting to run (created or waiting for a retry), for /healthz. */
  async backlog(names: string[] = [...this.handlers.keys()]): Promise<number> {
    let total = 0;
    for (const name of names) total += await this.boss.getQueueSize(name);
    return total;
  }

  /**
   * Waiting, active and stale jobs and the age of the oldest due job, in one query over the job
   * table (pg-boss's queue size counts only waiting jobs, so jobs a crashed worker held were invisible);
   * without `only`, what waits for the sweeps counts as waiting too.
   */
  async stats(only?: string[]): Promise<JobStats> {
    const names = only ?? [...this.handlers.keys()];
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS waiting,
              count(*) FILTER (WHERE state = 'active')::int AS active,
              count(*) FILTER (WHERE state = 'active' AND started_on + expire_in < now())::int AS stale,
              COALESCE(EXTRACT(epoch FROM now() - min(created_on) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())), 0)::int AS "oldestWaitingSeconds"
       FROM ${JOB_SCHEMA}.job WHERE name = ANY($1) AND state < 'completed'`,
      [names],
    );
    const stats = rows[0] as JobStats;
    if (only) return stats;
    for (const sweep of this.sweeps.values()) {
      const pending = await sweep.pending();
      stats.waiting += pending.waiting;
      stats.oldestWaitingSeconds = Math.max(stats.oldestWaitingSeconds, pending.oldestWaitingSeconds);
    }
    return stats;
  }

  private readonly queues = new Set<string>();
  private creating: Promise<void> = Promise.resolve();
  /**
   * Queues are created one at a time: pg-boss's create_queue adds a partition and a foreign key,
   * and two at once (subscribers of one module start together) can deadlock.
   */
  private ensureQueue(name: string): Promise<void> {
    const next = this.creating.then(async () => {
      if (this.queues.has(name)) return;
      if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
      this.queues.add(name);
    });
    this.creating = next.catch(() => undefined);
    return next;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 }).catch((error: unknown) => this.logger.warn({ err: error }, 'job queue did not stop cleanly'));
  }
}

/** Jobs in groups that one handler run covers: one group per key for a coalescing handler, else one per job. */
function coalesce<J extends { id: string; data: unknown }>(registration: Registration, jobs: J[]): J[][] {
  if (!registration.keyOf) return jobs.map((job) => [job]);
  const groups = new Map<string, J[]>();
  for (const job of jobs) {
    const key = registration.keyOf(job.data);
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  return [...groups.values()];
}

function subscriberQueue(event: string, subscriber: string): string {
  return `${event}~${subscriber}`;
}
