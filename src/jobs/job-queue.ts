import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../database/database.module.js';
import { APP_LOGGER } from '../common/logging/logger.js';

export const JOB_SCHEMA = 'pgboss';

export type JobHandler<T> = (data: T) => Promise<void>;

interface Registration {
  handler: JobHandler<unknown>;
}

export interface SubscribeOptions<T> {
  /**
   * For handlers that re-read current state (so running once covers every change before it):
   * jobs with the same key coalesce while they wait, and a burst of changes to one thing costs
   * one run, not one per change. A change during a run still queues one more.
   */
  coalesceBy?: (data: T) => string;
}

interface Route {
  queue: string;
  keyOf?: (data: unknown) => string;
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
  private readonly routes = new Map<string, Route[]>();
  private started = false;

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
      supervise: true,
      schedule: false,
      application_name: 'answerbase-jobs',
    } as PgBoss.ConstructorOptions);
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
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
    await this.ensureQueue(queue, options.coalesceBy ? 'short' : 'standard');
    const route: Route = { queue, keyOf: options.coalesceBy as Route['keyOf'] };
    this.routes.set(name, [...(this.routes.get(name) ?? []).filter((r) => r.queue !== queue), route]);
    this.handlers.set(queue, { handler: handler as JobHandler<unknown> });
    if (this.config.jobs.workers) {
      await this.boss.work<T>(queue, { batchSize: 10, pollingIntervalSeconds: this.config.jobs.pollSeconds }, async (jobs) => {
        for (const job of jobs) await handler(job.data);
      });
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
      (this.routes.get(name) ?? []).map(({ queue, keyOf }) => ({
        name: queue,
        data,
        singletonKey: keyOf?.(data),
        retryLimit: this.config.jobs.retryLimit,
        retryDelay: this.config.jobs.retryDelaySeconds,
        retryBackoff: true,
      })),
    );
    if (jobs.length === 0) return;
    await this.boss.insert(jobs, { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }) } } as never);
  }

  /**
   * Runs every job that is due now, in this process, until none is left (jobs that fail are
   * left for their retry). For tests ("drain before asserting") and the CLI.
   */
  async drain(names: string[] = [...this.handlers.keys()]): Promise<number> {
    let processed = 0;
    for (;;) {
      let found = 0;
      for (const name of names) {
        const registration = this.handlers.get(name);
        if (!registration) continue;
        const jobs = await this.boss.fetch<unknown>(name, { batchSize: 50 });
        for (const job of jobs ?? []) {
          found += 1;
          try {
            await registration.handler(job.data);
            await this.boss.complete(name, job.id);
          } catch (error) {
            await this.boss.fail(name, job.id, { message: (error as Error).message });
          }
        }
      }
      processed += found;
      if (found === 0) return processed;
    }
  }

  /** The queue names of an event's handlers (for drain and backlog). */
  queuesOf(name: string): string[] {
    return (this.routes.get(name) ?? []).map((route) => route.queue);
  }

  /** Jobs waiting to run (created or waiting for a retry), for /healthz. */
  async backlog(names: string[] = [...this.handlers.keys()]): Promise<number> {
    let total = 0;
    for (const name of names) total += await this.boss.getQueueSize(name);
    return total;
  }

  private readonly queues = new Set<string>();
  /** `short`: at most one waiting job per key (pg-boss's policy), which is what coalescing needs. */
  private async ensureQueue(name: string, policy: 'standard' | 'short'): Promise<void> {
    if (this.queues.has(name)) return;
    const existing = await this.boss.getQueue(name);
    if (!existing) await this.boss.createQueue(name, { name, policy });
    else if (existing.policy !== policy) await this.boss.updateQueue(name, { name, policy });
    this.queues.add(name);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 }).catch((error: unknown) => this.logger.warn({ err: error }, 'job queue did not stop cleanly'));
  }
}

function subscriberQueue(event: string, subscriber: string): string {
  return `${event}~${subscriber}`;
}
