import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { UnauthenticatedError } from '../common/errors/domain-errors.js';
import { TokensService } from './tokens.service.js';

/** Under /api the caller is whoever owns the bearer token; a bad token is refused outright. */
@Injectable()
export class BearerTokenMiddleware implements NestMiddleware {
  constructor(private readonly tokens: TokensService) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      const user = scheme?.toLowerCase() === 'bearer' && token ? await this.tokens.authenticate(token.trim()) : null;
      if (!user) throw new UnauthenticatedError('The access token is invalid or has been revoked.');
      req.user = user;
    }
    next();
  }
}
