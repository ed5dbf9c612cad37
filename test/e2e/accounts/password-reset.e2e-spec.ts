import request from 'supertest';
import { ACCOUNT_LIMITS } from '../../../src/common/rate-limit/rate-limit.service.js';
import { createUser, PASSWORD, signedInAgent, uniqueName } from '../../support/test-app.js';
import { eventKinds, mailTo, newClient, startMailApp, submitForm, tokenIn, type MailApp } from './support.js';

const NEW_PASSWORD = 'a brand new password 42';

describe('password reset by e-mail', () => {
  let app: MailApp;
  beforeAll(async () => (app = await startMailApp()));
  afterAll(() => app.close());

  async function requestReset(email: string, client = newClient()) {
    return submitForm(request.agent(app.t.http), '/forgot-password', '/forgot-password', { email }, client);
  }

  async function resetWith(token: string, password = NEW_PASSWORD) {
    // The CSRF token from another form page: a used or expired link shows no form, but the POST must be refused too.
    return submitForm(request.agent(app.t.http), '/forgot-password', '/reset-password', { token, password });
  }

  it('e-mails a single-use link; the new password works, the old one and every old session stop working', async () => {
    const member = await createUser(app.t);
    const oldSession = await signedInAgent(app.t, member.username);
    await oldSession.get('/settings/account').expect(200);

    const asked = await requestReset(member.email);
    expect(asked.status).toBe(302);
    expect(asked.headers.location).toBe('/forgot-password/sent');
    const token = tokenIn(await mailTo(app, member.email), '/reset-password/');
    expect((await app.t.db.query('SELECT token_hash FROM account_tokens WHERE user_id = $1', [member.id]))[0].token_hash).not.toContain(token);

    await request(app.t.http).get(`/reset-password/${token}`).expect(200);
    const reset = await resetWith(token);
    expect(reset.status).toBe(302);
    expect(reset.headers.location).toBe('/login');

    // The session signed in with the old password is gone.
    const after = await oldSession.get('/settings/account');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    // Old password refused, new one accepted.
    await request(app.t.http).post('/api/v1/tokens').send({ username: member.username, password: PASSWORD }).expect(401);
    await request(app.t.http).post('/api/v1/tokens').send({ username: member.username, password: NEW_PASSWORD }).expect(201);

    // Reused: refused, and the password stays.
    const again = await resetWith(token, 'yet another password 99');
    expect(again.status).toBe(422);
    expect(again.text).toContain('This link is not valid');
    await request(app.t.http).get(`/reset-password/${token}`).expect(422);
    expect(await eventKinds(app.t, member.id)).toEqual(expect.arrayContaining(['sign-in', 'password-reset-requested', 'password-reset', 'token-created']));
  });

  it('refuses an expired link and a forged one, with a clear page and no change', async () => {
    const member = await createUser(app.t);
    await requestReset(member.email);
    const token = tokenIn(await mailTo(app, member.email), '/reset-password/');
    await app.t.db.query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [member.id]);
    const expired = await resetWith(token);
    expect(expired.status).toBe(422);
    expect(expired.text).toContain('This link is not valid: it may have expired');
    for (const forged of ['A'.repeat(43), `${token.slice(0, -2)}xx`, 'short']) {
      const res = await request(app.t.http).get(`/reset-password/${forged}`);
      expect(res.status).toBe(422);
    }
    const viaApi = await request(app.t.http).post('/api/v1/password-reset/confirm').send({ token: 'B'.repeat(43), password: NEW_PASSWORD });
    expect(viaApi.status).toBe(422);
    expect(viaApi.body.message).toContain('This link is not valid');
    await request(app.t.http).post('/api/v1/tokens').send({ username: member.username, password: PASSWORD }).expect(201);
  });

  it('a new request replaces the earlier link', async () => {
    const member = await createUser(app.t);
    await requestReset(member.email);
    const first = tokenIn(await mailTo(app, member.email), '/reset-password/');
    await requestReset(member.email);
    const second = tokenIn(await mailTo(app, member.email), '/reset-password/');
    expect(second).not.toBe(first);
    expect((await resetWith(first)).status).toBe(422);
    expect((await resetWith(second)).status).toBe(302);
  });

  it('answers alike for a member and an unknown address (status, body), on the page and the API', async () => {
    const member = await createUser(app.t);
    const unknown = `${uniqueName('nobody')}@example.test`;
    const [known, stranger] = [await requestReset(member.email), await requestReset(unknown)];
    expect(stranger.status).toBe(known.status);
    expect(stranger.headers.location).toBe(known.headers.location);
    expect(stranger.text).toBe(known.text);

    const apiKnown = await request(app.t.http).post('/api/v1/password-reset').set(newClient()).send({ email: member.email });
    const apiUnknown = await request(app.t.http).post('/api/v1/password-reset').set(newClient()).send({ email: unknown });
    expect(apiKnown.status).toBe(202);
    expect(apiUnknown.status).toBe(202);
    expect(apiUnknown.body).toEqual(apiKnown.body);
    expect(await mailTo(app, unknown)).toHaveLength(0);
    expect((await mailTo(app, member.email)).length).toBe(2);
  });

  it('takes about as long for an unknown address as for a member (the same work: count, queue one job)', async () => {
    const member = await createUser(app.t);
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      await request(app.t.http).post('/api/v1/password-reset').set(newClient()).send({ email }).expect(202);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(member.email));
      unknown.push(await time(`${uniqueName('ghost')}@example.test`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    // Same timing class: neither is an order of magnitude slower (no mail or hashing on the request path).
    expect(median(unknown)).toBeLessThan(median(known) * 5 + 20);
    expect(median(known)).toBeLessThan(median(unknown) * 5 + 20);
  });

  it(`limits requests per address (${ACCOUNT_LIMITS.passwordResetAddress.points} an hour) and per client (${ACCOUNT_LIMITS.passwordReset.points} an hour)`, async () => {
    const member = await createUser(app.t);
    for (let i = 0; i < ACCOUNT_LIMITS.passwordResetAddress.points; i++) {
      expect((await requestReset(member.email)).status).toBe(302);
    }
    const over = await requestReset(member.email.toUpperCase());
    expect(over.status).toBe(429);
    expect(over.text).toContain('Too many reset requests for this address');

    const client = newClient();
    for (let i = 0; i < ACCOUNT_LIMITS.passwordReset.points; i++) {
      expect((await requestReset(`${uniqueName('n')}@example.test`, client)).status).toBe(302);
    }
    const overClient = await requestReset(`${uniqueName('n')}@example.test`, client);
    expect(overClient.status).toBe(429);
    expect(overClient.text).toContain('Too many reset requests');
  });

  it('refuses bad input with a field message, never a 500', async () => {
    const res = await requestReset('not-an-address');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter a valid e-mail address.');
    const member = await createUser(app.t);
    await requestReset(member.email);
    const token = tokenIn(await mailTo(app, member.email), '/reset-password/');
    const short = await resetWith(token, 'short');
    expect(short.status).toBe(400);
    expect(short.text).toContain('Passwords are at least 10 characters long.');
    // The link still works after a refused password.
    expect((await resetWith(token)).status).toBe(302);
    const api = await request(app.t.http).post('/api/v1/password-reset').set(newClient()).send({ email: ['x'] });
    expect(api.status).toBe(400);
  });

  it('a signed-in member changes their password: other sessions end, this one stays', async () => {
    const member = await createUser(app.t);
    const other = await signedInAgent(app.t, member.username);
    const here = await signedInAgent(app.t, member.username);
    const wrong = await submitForm(here, '/settings/password', '/settings/password', { currentPassword: 'not my password', password: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That is not your current password.');
    const res = await submitForm(here, '/settings/password', '/settings/password', { currentPassword: PASSWORD, password: NEW_PASSWORD });
    expect(res.status).toBe(302);
    await here.get('/settings/account').expect(200);
    expect((await other.get('/settings/account')).status).toBe(303);
    expect(await eventKinds(app.t, member.id)).toContain('password-changed');
  });
});
