import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../../users/users.module.js';
import { AccountsModule } from '../accounts.module.js';
import { ExternalIdentity } from './entities/external-identity.entity.js';
import { IdentitiesService } from './identities.service.js';

/** The external_identities table: which provider account signs in as which member. */
@Module({
  imports: [UsersModule, AccountsModule, TypeOrmModule.forFeature([ExternalIdentity])],
  providers: [IdentitiesService],
  exports: [IdentitiesService],
})
export class IdentitiesModule {}
