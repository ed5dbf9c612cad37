import { createHash } from 'node:crypto';
import type { Request } from 'express';

/** Who is reading, as far as the server can tell without a cookie. */
export interface ReaderIdentity {
  userId?: number;
  address?: string;
  agent?: string;
}

/** The reader of this request: the member signed in, else their address and browser. */
export function readerOf(req: Request): ReaderIdentity {
  return { userId: req.user?.id, address: req.ip, agent: req.get('user-agent') };
}

/**
 * A stable key per reader: `u:<id>` for members, for anonymous readers a hash of address and
 * browser (no cookie, nothing personal kept). Fits in 64 characters.
 */
export function readerKey(reader: ReaderIdentity): string {
  return reader.userId
    ? `u:${reader.userId}`
    : `a:${createHash('sha256').update(`${reader.address ?? ''}|${reader.agent ?? ''}`).digest('base64url').slice(0, 40)}`;
}
