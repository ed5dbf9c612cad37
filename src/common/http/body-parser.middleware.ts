import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DomainError } from '../errors/domain-errors.js';
import { verifyJsonShape } from './input-hygiene.js';
import { isApiRequest } from './request-kind.js';

class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly error = 'Unsupported Media Type';
}

const run = (handler: RequestHandler, req: Request, res: Response) =>
  new Promise<void>((resolve, reject) => handler(req, res, (error?: unknown) => (error ? reject(error) : resolve())));

/**
 * Parses JSON and form bodies inside Nest, so a malformed or oversized body reaches the
 * error filter (a clear 400/413) instead of Express's default HTML error.
 */
@Injectable()
export class BodyParserMiddleware implements NestMiddleware {
  private readonly json: RequestHandler;
  private readonly form: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.json = express.json({
      limit: config.bodyLimit,
      type: ['application/json', 'application/*+json'],
      // Signed callbacks (a helpdesk's) are checked against the exact bytes received.
      verify: (req, res, buffer) => {
        verifyJsonShape(req, res, buffer);
        (req as Request & { rawBody?: Buffer }).rawBody = buffer;
      },
    });
    this.form = express.urlencoded({ limit: config.bodyLimit, extended: false });
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && isApiRequest(req) && !req.is(['application/json', 'application/*+json'])) {
      throw new UnsupportedMediaTypeError('The API accepts request bodies as application/json only.');
    }
    await run(this.json, req, res);
    await run(this.form, req, res);
    req.body ??= {};
    next();
  }
}
