import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
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
export class ModerationJobsScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly serialVoting: SerialVotingService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.every(ModerationJobs.serialVotingSweep, DAY_MS, () => this.serialVoting.sweep());
  }

  enqueueSweep(): Promise<void> {
    return this.jobs.runSoon(ModerationJobs.serialVotingSweep);
  }
}
