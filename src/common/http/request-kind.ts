import type { Request } from 'express';

/** JSON API requests (under /api) get JSON errors and bearer-token authentication. */
export function isApiRequest(req: Request): boolean {
  // originalUrl: inside mounted middleware req.path is relative to the mount point.
  // Lower-cased: routing matches paths case-insensitively, so /API/v1/me reaches the API's handlers
  // and must be treated as the API too (no session cookie, bearer tokens only).
  const path = req.originalUrl.split('?', 1)[0]!.toLowerCase();
  return path.startsWith('/api/') || path === '/api';
}

/** Pages enhanced with JavaScript ask for JSON with the Accept header. */
export function wantsJson(req: Request): boolean {
  return isApiRequest(req) || (req.headers.accept ?? '').startsWith('application/json');
}

/** A local path to return to after logging in, never another site. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return undefined;
  }
  return value;
}
