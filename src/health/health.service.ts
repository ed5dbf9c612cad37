import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'ok' | 'unavailable'; latencyMs?: number; error?: string }>;
}

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthReport> {
    const database = await this.probe(() => this.dataSource.query('SELECT 1'));
    return { status: database.status, checks: { database } };
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
