import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { csrfSync } from 'csrf-sync';
import type { Request, Response } from 'express';
import { ForbiddenError } from '../common/errors/domain-errors.js';
import { isApiRequest } from '../common/http/request-kind.js';
import { CSRF_EXEMPT, FORM_VIEW, PUBLIC_FORM } from './access.decorators.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf = csrfSync({
  getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
});

/**
 * Global: every cookie-authenticated write carries the synchroniser token kept in the session.
 * The JSON API authenticates with bearer tokens, never cookies, so it is not exposed to CSRF.
 * Pages that show a form get a token; anonymous pages without forms create no session.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (isApiRequest(req) || this.reflector.get<boolean | undefined>(CSRF_EXEMPT, context.getHandler())) return true;

    const formView = this.reflector.get<string | undefined>(FORM_VIEW, context.getHandler());
    res.locals.formView = formView;

    if (!SAFE_METHODS.has(req.method)) {
      if (!req.session || !csrf.isRequestValid(req)) {
        throw new ForbiddenError('This form has expired or did not come from AnswerBase. Please go back, reload the page and try again.');
      }
      if (req.body && typeof req.body === 'object') delete req.body._csrf;
    }
    const publicForm = this.reflector.get<boolean | undefined>(PUBLIC_FORM, context.getHandler());
    if (formView || publicForm || req.user) res.locals.csrfToken = csrf.generateToken(req);
    return true;
  }
}
