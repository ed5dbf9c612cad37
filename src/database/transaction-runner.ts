import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** PostgreSQL error codes worth retrying: the transaction lost a race, not an argument. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/** One transaction per use case; the service opens it and passes `tx` to whatever it calls. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  async inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}
