import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { isApiRequest, wantsJson } from '../http/request-kind.js';
import { PreviewRequested } from '../markdown/markdown-preview.guard.js';
import { DomainError, ValidationFailedError } from './domain-errors.js';
import { isDatabaseUnavailable } from './postgres-errors.js';

interface Problem {
  status: number;
  error: string;
  message: string;
  fields?: Record<string, string[]>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Seconds a client is asked to wait while the database is away (a restart takes a few). */
const RETRY_AFTER_SECONDS = 5;

const PAGE_TITLES: Record<number, string> = {
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Page not found',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Back in a moment',
};

/** Body-parser errors arrive as plain errors with a status and a type. */
function bodyParserProblem(exception: unknown): Problem | undefined {
  const e = exception as { status?: number; type?: string; message?: string };
  if (typeof e?.status !== 'number') return undefined;
  // A body that does not inflate (a corrupt gzip) or a broken %-escape in the address: plain 400s without a type.
  if (typeof e.type !== 'string') {
    return e.status >= 400 && e.status < 500 ? { status: 400, error: 'Bad Request', message: 'The request could not be read: its body or address is corrupt.' } : undefined;
  }
  // The input-hygiene layer's verdict on a JSON body's shape (depth, number of fields).
  if (e.type === 'entity.shape') return { status: 400, error: 'Bad Request', message: e.message ?? 'The request body is too complex.' };
  const messages: Record<string, string> = {
    'entity.parse.failed': 'The request body is not valid JSON.',
    'entity.too.large': 'The request body is too large.',
    'encoding.unsupported': 'The request body uses an unsupported encoding.',
    'charset.unsupported': 'The request body uses an unsupported character set.',
  };
  const status = e.status >= 400 && e.status < 500 ? e.status : 400;
  return { status, error: STATUS_TEXT[status] ?? 'Bad Request', message: messages[e.type] ?? 'The request body could not be read.' };
}

function toProblem(exception: unknown): Problem | undefined {
  if (exception instanceof ValidationFailedError) {
    return { status: 400, error: 'Bad Request', message: exception.message, fields: exception.fields };
  }
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      error: exception.error,
      message: exception.message,
      fields: exception.field ? { [exception.field]: [exception.message] } : undefined,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message =
      typeof body === 'string' ? body : Array.isArray((body as { message?: unknown }).message) ? ((body as { message: string[] }).message.join(' ')) : String((body as { message?: unknown }).message ?? exception.message);
    return { status, error: STATUS_TEXT[status] ?? exception.name, message: status === 404 ? 'There is nothing at this address.' : message };
  }
  if (isDatabaseUnavailable(exception)) {
    return { status: 503, error: 'Service Unavailable', message: 'AnswerBase cannot reach its database just now. Please try again in a few seconds.' };
  }
  return bodyParserProblem(exception);
}

/**
 * The one place errors become responses: JSON `{statusCode, error, message}` under /api
 * (and for pages' JavaScript), a page otherwise. A form with bad input is shown again with
 * the member's input and a message beside each field. Unknown errors are a 500 with a
 * correlation id and nothing of the internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof PreviewRequested) return this.renderForm(req, res, 200, { title: 'Preview', preview: exception.html });
    const known = toProblem(exception);
    const problem = known ?? { status: 500, error: 'Internal Server Error', message: `Something went wrong on our side. Reference: ${req.id}.` };
    if (!known) this.logger.error({ err: exception, reqId: req.id, url: req.originalUrl }, 'unhandled error');
    if (problem.status === 503) this.logger.warn({ reqId: req.id, url: req.originalUrl, reason: (exception as Error).message }, 'database unavailable');
    if (res.headersSent) return;
    if (problem.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));

    if (wantsJson(req)) {
      res.status(problem.status).json({
        statusCode: problem.status,
        error: problem.error,
        message: problem.fields ? Object.values(problem.fields).flat() : problem.message,
        ...(problem.fields ? { fields: problem.fields } : {}),
        ...(known ? {} : { correlationId: req.id }),
      });
      return;
    }
    this.renderPage(req, res, problem);
  }

  /** The form page again, with what the member typed (never a password) and `locals`. */
  private renderForm(req: Request, res: Response, status: number, locals: Record<string, unknown>): void {
    const { password: _password, intent: _intent, ...values } = (req.body ?? {}) as Record<string, unknown>;
    res.status(status).render(res.locals.formView as string, { values, ...locals });
  }

  private renderPage(req: Request, res: Response, problem: Problem): void {
    const formView = res.locals.formView as string | undefined;
    if (formView && problem.status >= 400 && problem.status < 500) {
      const fieldErrors = Object.fromEntries(Object.entries(problem.fields ?? {}).map(([field, messages]) => [field, messages.join(' ')]));
      this.renderForm(req, res, problem.status, {
        title: 'Please check the form',
        errors: fieldErrors,
        formError: problem.fields ? 'Some fields need your attention.' : problem.message,
      });
      return;
    }
    if (problem.status === 401 && !isApiRequest(req)) {
      const next = req.method === 'GET' ? req.originalUrl : (req.get('referer') ? new URL(req.get('referer')!, 'http://x').pathname : '/');
      res.redirect(303, `/login?next=${encodeURIComponent(next)}`);
      return;
    }
    res.status(problem.status).render('errors/error', {
      title: PAGE_TITLES[problem.status] ?? STATUS_TEXT[problem.status] ?? 'Error',
      status: problem.status,
      message: problem.message,
    });
  }
}
