import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.js';
import { SEARCH_INDEX, type SearchIndex } from '../search/search-index.port.js';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'ok' | 'unavailable'; latencyMs?: number; error?: string; engine?: string }>;
  /** Jobs waiting to run, search indexing among them: a down engine shows here as a growing backlog. */
  backlog?: number;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    @Inject(SEARCH_INDEX) private readonly search: SearchIndex,
  ) {}

  async check(): Promise<HealthReport> {
    const database = await this.probe(() => this.dataSource.query('SELECT 1'));
    const search = await this.probe(async () => {
      if (!(await this.search.healthy())) throw new Error(`${this.search.engine} is not answering`);
    });
    const backlog = database.status === 'ok' ? await this.jobs.backlog().catch(() => undefined) : undefined;
    // Search down degrades the product (indexing waits and retries) but the app still serves pages.
    return { status: database.status, checks: { database, search: { ...search, engine: this.search.engine } }, backlog };
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
