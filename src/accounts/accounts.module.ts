import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecurityEvent } from './security-log/security-event.entity.js';
import { SecurityLogApiController } from './security-log/security-log.api.controller.js';
import { SecurityLogPagesController } from './security-log/security-log.pages.controller.js';
import { SecurityLogService } from './security-log/security-log.service.js';

/**
 * The account's own records, starting with the security log. It depends on nothing but the
 * database, so every module that signs people in or changes their standing may import it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SecurityEvent])],
  controllers: [SecurityLogPagesController, SecurityLogApiController],
  providers: [SecurityLogService],
  exports: [SecurityLogService],
})
export class AccountsModule {}
