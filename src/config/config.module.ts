import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_LOGGER, createLogger } from '../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from './app-config.js';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: createLogger(config.logLevel) },
      ],
      exports: [APP_CONFIG, APP_LOGGER],
    };
  }
}
