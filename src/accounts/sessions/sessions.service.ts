import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import type { Actor } from '../../users/actor.js';
import type { ClientInfo } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { describeBrowser, type SessionMeta } from './session-meta.js';

export interface SessionView {
  /** A stand-in for the session id, which is a credential and never leaves the server. */
  handle: string;
  current: boolean;
  browser: string;
  ip: string | null;
  seenAt: string | null;
}

interface SessionRow {
  sid: string;
  sess: { meta?: SessionMeta };
}

const handleOf = (sid: string) => createHash('sha256').update(sid).digest('hex').slice(0, 32);

/**
 * A member's signed-in sessions. They live in connect-pg-simple's `session` table (keyed by the
 * session id, passport's user id inside the JSON, indexed by a migration), so signing a session
 * out is deleting its row: its next request finds none and is anonymous.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: SecurityLogService,
  ) {}

  /** `current` is this request's session, whose newest activity may not be saved yet. */
  async list(actor: Actor, current: { sid: string; meta?: SessionMeta }): Promise<SessionView[]> {
    const views = (await this.rows(this.dataSource.manager, actor.id)).map(({ sid, sess }) => {
      const meta = sid === current.sid ? (current.meta ?? sess.meta) : sess.meta;
      return {
        handle: handleOf(sid),
        current: sid === current.sid,
        browser: describeBrowser(meta?.userAgent ?? null),
        ip: meta?.ip ?? null,
        seenAt: meta?.seenAt ?? null,
      };
    });
    return views.sort((a, b) => Number(b.current) - Number(a.current) || (b.seenAt ?? '').localeCompare(a.seenAt ?? ''));
  }

  async signOut(actor: Actor, handle: string, client: ClientInfo): Promise<void> {
    const row = (await this.rows(this.dataSource.manager, actor.id)).find((r) => handleOf(r.sid) === handle);
    if (!row) throw new NotFoundError('That session has already ended.');
    await this.dataSource.query('DELETE FROM session WHERE sid = $1', [row.sid]);
    await this.log.record('session-revoked', { userId: actor.id, ...client, detail: { browser: describeBrowser(row.sess.meta?.userAgent ?? null) } });
  }

  async signOutOthers(actor: Actor, currentSid: string, client: ClientInfo): Promise<number> {
    const ended = await this.deleteOf(this.dataSource.manager, actor.id, currentSid);
    await this.log.record('sessions-revoked', { userId: actor.id, ...client, detail: { sessions: ended, kept: 'current' } });
    return ended;
  }

  /** Ends every session of the member (a new password, a deleted account) but `keepSid`, inside the caller's transaction. */
  async signOutEverywhere(tx: EntityManager, userId: number, keepSid: string | null = null): Promise<number> {
    return this.deleteOf(tx, userId, keepSid);
  }

  private rows(manager: EntityManager, userId: number): Promise<SessionRow[]> {
    return manager.query(`SELECT sid, sess FROM session WHERE sess -> 'passport' ->> 'user' = $1 AND expire > now()`, [String(userId)]);
  }

  private async deleteOf(manager: EntityManager, userId: number, keepSid: string | null): Promise<number> {
    const [, count] = (await manager.query(
      `DELETE FROM session WHERE sess -> 'passport' ->> 'user' = $1 AND ($2::text IS NULL OR sid <> $2)`,
      [String(userId), keepSid],
    )) as [unknown, number];
    return count;
  }
}
