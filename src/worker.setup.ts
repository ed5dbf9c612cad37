import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { ConfigError, type AppConfig } from './config/app-config.js';

/**
 * The job workers without the web: the same modules as the app (so every subscriber registers its
 * queues), no HTTP server. worker.ts and the tests start it through here.
 */
export async function createWorker(config: AppConfig, databaseUrl: string): Promise<INestApplicationContext> {
  if (!config.jobs.workers) throw new ConfigError(['JOB_WORKERS is false: a worker process runs job workers and nothing else']);
  // A worker serves no pages: it reads nothing from a replica, so it does not watch one.
  const workerConfig: AppConfig = Object.freeze({ ...config, replica: undefined });
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(workerConfig, databaseUrl), {
    logger: new PinoNestLogger(createLogger(config.logLevel)),
  });
  await context.init();
  return context;
}
