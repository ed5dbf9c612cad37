import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { SerialVotingService } from './serial-voting.service.js';

export const ModerationJobs = {
  /** The daily serial-voting sweep. */
  serialVotingSweep: 'moderation.serial-voting-sweep',
} as const;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Runs the serial-voting sweep as a job once a day in processes that run workers. The sweep is
 * idempotent, so several instances each enqueuing it do no harm; `moderation:serial-votes` runs it now.
 */
@Injectable()
export class ModerationJobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly transactions: TransactionRunner,
    private readonly serialVoting: SerialVotingService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.subscribe(ModerationJobs.serialVotingSweep, async () => void (await this.serialVoting.sweep()));
    if (!this.config.jobs.workers) return;
    this.timer = setInterval(() => void this.enqueueSweep(), DAY_MS);
    this.timer.unref();
  }

  enqueueSweep(): Promise<void> {
    return this.transactions.inTransaction((tx) => this.jobs.publish(tx, ModerationJobs.serialVotingSweep, {}));
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
