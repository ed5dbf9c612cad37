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
  keyOf?: (data: unknown) => string;
}

const BATCH_SIZE = 50;

export interface SubscribeOptions<T> {
  /**
   * For handlers that re-read current state (so running once covers every change before it):
   * jobs with the same key fetched together run the handler once, so a burst of changes to one
   * thing costs one run, not one per change. (Coalescing happens when jobs are taken, never when
   * they are published: a unique key on waiting jobs would make writers of one thread queue up.)
   */
  coalesceBy?: (data: T) => string;
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
    await this.ensureQueue(queue);
    const registration: Registration = { handler: handler as JobHandler<unknown>, keyOf: options.coalesceBy as Registration['keyOf'] };
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
        const jobs = await this.boss.fetch<unknown>(name, { batchSize: BATCH_SIZE });
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

  private readonly queues = new Set<string>();
  private async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
    this.queues.add(name);
  }

  async onApplicationShutdown(): Promise<void> {
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
