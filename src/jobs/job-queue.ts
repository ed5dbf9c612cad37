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

/**
 * The job queue (pg-boss on the app's PostgreSQL). Jobs are published inside the caller's
 * transaction, so they commit or roll back with the change that causes them; handlers live in
 * the subscribing module, are idempotent, and are retried with backoff when they fail.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, Registration>();
  /** Event name → the queues of its named subscribers (fan-out: each subscriber gets every job). */
  private readonly routes = new Map<string, Set<string>>();
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
  async subscribe<T>(name: string, handler: JobHandler<T>, subscriber?: string): Promise<void> {
    const queue = subscriber ? subscriberQueue(name, subscriber) : name;
    await this.ensureQueue(queue);
    if (subscriber) this.routes.set(name, (this.routes.get(name) ?? new Set()).add(queue));
    this.handlers.set(queue, { handler: handler as JobHandler<unknown> });
    if (this.config.jobs.workers) {
      await this.boss.work<T>(queue, { batchSize: 10, pollingIntervalSeconds: this.config.jobs.pollSeconds }, async (jobs) => {
        for (const job of jobs) await handler(job.data);
      });
    }
  }

  /** Enqueues a job as part of `tx`: it exists only if the transaction commits. */
  async publish<T extends object>(tx: EntityManager, name: string, data: T): Promise<void> {
    for (const queue of [name, ...(this.routes.get(name) ?? [])]) {
      await this.ensureQueue(queue);
      await this.boss.send(queue, data, {
        db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }) },
        retryLimit: this.config.jobs.retryLimit,
        retryDelay: this.config.jobs.retryDelaySeconds,
        retryBackoff: true,
      });
    }
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

  /** The queue names of an event's handlers: its own queue and its named subscribers' (for drain and backlog). */
  queuesOf(name: string): string[] {
    return [name, ...(this.routes.get(name) ?? [])];
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

function subscriberQueue(event: string, subscriber: string): string {
  return `${event}~${subscriber}`;
}
