import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './entities/user.entity.js';
import { PasswordHasher } from './password-hasher.js';
import { UserAccountsService } from './user-accounts.service.js';
import { UsersApiController } from './users.api.controller.js';
import { UsersPagesController } from './users.pages.controller.js';
import { UsersPolicy } from './users.policy.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersPagesController, UsersApiController],
  providers: [UsersService, UsersPolicy, PasswordHasher, UserAccountsService],
  exports: [UsersService, UsersPolicy, UserAccountsService],
})
export class UsersModule {}
