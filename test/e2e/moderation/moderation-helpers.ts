import request from 'supertest';
import type { Role } from '../../../src/users/role.js';
import { createUser, tokenFor, type TestApp } from '../../support/test-app.js';

/** A member with a reputation their ledger explains (so reputation:verify stays clean), and an API token. */
export async function memberWithToken(t: TestApp, options: { reputation?: number; role?: Role } = {}) {
  const reputation = options.reputation ?? 1;
  const user = await createUser(t, { role: options.role, reputation });
  if (reputation > 1) {
    await t.db.query(`INSERT INTO reputation_entries (user_id, amount, requested, reason) VALUES ($1, $2, $2, 'fixture')`, [user.id, reputation - 1]);
  }
  return { user, token: await tokenFor(t, user.username) };
}

/** Authenticated JSON calls with one member's token. */
export function apiAs(t: TestApp, token: string) {
  const auth = (req: request.Test) => req.set('Authorization', `Bearer ${token}`);
  return {
    get: (path: string) => auth(request(t.http).get(`/api/v1${path}`)),
    post: (path: string, body: object = {}) => auth(request(t.http).post(`/api/v1${path}`)).send(body),
    put: (path: string, body: object = {}) => auth(request(t.http).put(`/api/v1${path}`)).send(body),
    patch: (path: string, body: object = {}) => auth(request(t.http).patch(`/api/v1${path}`)).send(body),
    delete: (path: string, body: object = {}) => auth(request(t.http).delete(`/api/v1${path}`)).send(body),
  };
}

export async function reputationOf(t: TestApp, userId: number): Promise<number> {
  return (await t.db.query('SELECT reputation FROM users WHERE id = $1', [userId]))[0].reputation as number;
}

/** The audit entries about one target, newest first. */
export async function logFor(t: TestApp, token: string, targetType: string, targetId: number) {
  const res = await apiAs(t, token).get(`/mod/log?targetType=${targetType}&targetId=${targetId}`).expect(200);
  return res.body.items as { action: string; moderator: string | null; reason: string | null; targetUser: string | null; details: Record<string, unknown> | null }[];
}
