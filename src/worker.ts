import 'reflect-metadata';
import { createLogger } from './common/logging/logger.js';
import { stopOnSignals } from './common/process/stop-on-signals.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { openDatabase } from './database/open-database.js';
import { createWorker } from './worker.setup.js';

/**
 * `npm run worker`: the job workers alone, no HTTP server. Run as many as the backlog needs beside
 * web-only instances (JOB_WORKERS=false); pg-boss hands each job to exactly one of them.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  const worker = await createWorker(config, database.url);
  logger.info('AnswerBase worker is running the job queues');
  stopOnSignals(logger, worker, database);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('AnswerBase worker failed to start:', error);
  }
  process.exit(1);
});
