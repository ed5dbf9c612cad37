import 'reflect-metadata';
import { createApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './common/logging/logger.js';
import { stopOnSignals } from './common/process/stop-on-signals.js';
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

  stopOnSignals(logger, app, database);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('AnswerBase failed to start:', error);
  }
  process.exit(1);
});
