import { DomainError } from '../../common/errors/domain-errors.js';

/** The identity provider could not be reached (down, timing out, answering 5xx). */
export class SsoUnavailableError extends DomainError {
  readonly status = 502;
  readonly error = 'Bad Gateway';
}

/** The provider's answer was refused (wrong state, replayed or expired code, a token not for us). */
export class SsoRejectedError extends DomainError {
  readonly status = 400;
  readonly error = 'Bad Request';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'OAUTH_TIMEOUT', 'OAUTH_ABORT']);

/** Whether an error from the OpenID client means "could not reach the provider" (by name and code: errors may come from another realm). */
export function isProviderUnreachable(error: unknown): boolean {
  for (let e = error as { name?: string; message?: string; code?: string; cause?: unknown; status?: number } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code && NETWORK_CODES.has(e.code)) return true;
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || (e.name === 'TypeError' && e.message === 'fetch failed')) return true;
    if (typeof e.status === 'number' && e.status >= 500) return true;
  }
  return false;
}
