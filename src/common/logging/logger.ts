import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../../config/app-config.js';

/** Injection token for the app's pino logger. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Structured JSON logs on stdout, one line an event. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { app: 'answerbase' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}

/** Routes Nest's own messages (bootstrap, routes) through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
