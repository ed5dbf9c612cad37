import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source.js';
import { ReadRouting } from './read-routing.js';
import { ReplicaMonitor } from './replica-monitor.service.js';
import { TransactionRunner } from './transaction-runner.js';

/** Injection token for the database URL, for clients that open their own pool (the job queue). */
export const DATABASE_URL = Symbol('DATABASE_URL');

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(url), autoLoadEntities: true })],
      providers: [TransactionRunner, ReplicaMonitor, ReadRouting, { provide: DATABASE_URL, useValue: url }],
      exports: [TransactionRunner, ReplicaMonitor, ReadRouting, DATABASE_URL],
    };
  }
}
