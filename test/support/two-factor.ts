import request from 'supertest';
import { currentCode } from '../../src/accounts/two-factor/totp.js';
import { csrfOf, csrfTokenFrom, PASSWORD, type TestApp } from './test-app.js';

/** The secret the enrolment page shows (the journey a member makes, without scanning anything). */
export function secretFrom(html: string): string {
  const match = /data-secret="([A-Z2-7]+)"/.exec(html);
  if (!match) throw new Error('No two-factor secret on the page');
  return match[1]!;
}

export function recoveryCodesFrom(html: string): string[] {
  return [...html.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
}

/** A code from a later time step: the step of a code just used is refused (each code works once). */
export function nextCode(secret: string, steps = 1): string {
  return currentCode(secret, Date.now() + steps * 30_000);
}

/** Lets a test use the authenticator again within the same half minute. */
export async function forgetUsedSteps(t: TestApp, userId: number): Promise<void> {
  await t.db.query('UPDATE two_factor_credentials SET last_used_step = NULL WHERE user_id = $1', [userId]);
}

/** Enrols the signed-in agent's member through the pages; returns the secret and recovery codes. */
export async function enrolTwoFactor(agent: request.Agent): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await agent.get('/settings/two-factor').expect(200);
  const secret = secretFrom(page.text);
  const done = await agent.post('/settings/two-factor/enable').type('form').send({ code: currentCode(secret), _csrf: csrfTokenFrom(page.text) }).expect(200);
  return { secret, recoveryCodes: recoveryCodesFrom(done.text) };
}

/** The password step; the agent is then half signed in, asked for a code. */
export async function passwordStep(t: TestApp, username: string, agent = request.agent(t.http)) {
  const page = await agent.get('/login').expect(200);
  const res = await agent.post('/login').type('form').send({ username, password: PASSWORD, _csrf: csrfTokenFrom(page.text) });
  return { agent, res };
}

export async function codeStep(agent: request.Agent, code: string) {
  const page = await agent.get('/login/two-factor').expect(200);
  return agent.post('/login/two-factor').type('form').send({ code, _csrf: csrfTokenFrom(page.text) });
}

export async function signOut(agent: request.Agent): Promise<void> {
  await agent.post('/logout').type('form').send({ _csrf: await csrfOf(agent) }).expect(302);
}

export async function securityEvents(t: TestApp, userId: number, kind: string): Promise<number> {
  const [row] = await t.db.query('SELECT count(*)::int AS n FROM security_events WHERE user_id = $1 AND kind = $2', [userId, kind]);
  return row.n as number;
}
