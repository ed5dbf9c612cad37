import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RateLimit } from '../../common/rate-limit/rate-limit.guard.js';
import { RegisterUserDto } from '../../users/dto/register-user.dto.js';
import { UsersPresenter } from '../../users/users.presenter.js';
import { RegistrationService } from './registration.service.js';

export const CHECK_EMAIL = 'Check your e-mail: we sent a link to confirm the address. Your account is ready once you follow it.';

@ApiTags('users')
@Controller('api/v1/users')
export class RegistrationApiController {
  constructor(private readonly registration: RegistrationService) {}

  /** 201 with the profile; while addresses must be confirmed, 202 with the same body for every address. */
  @Post()
  @RateLimit('register')
  async register(@Body() input: RegisterUserDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.registration.register(input);
    if ('checkEmail' in result) {
      res.status(202);
      return { message: CHECK_EMAIL };
    }
    return UsersPresenter.profile(result.user);
  }
}
