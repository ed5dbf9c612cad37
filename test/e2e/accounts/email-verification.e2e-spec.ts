import request from 'supertest';
import { ACCOUNT_LIMITS } from '../../../src/common/rate-limit/rate-limit.service.js';
import { createUser, csrfOf, PASSWORD, signedInAgent, uniqueName } from '../../support/test-app.js';
import { eventKinds, mailTo, newClient, startMailApp, submitForm, tokenIn, type MailApp } from './support.js';

describe('sign-up with e-mail confirmation (SMTP configured: REQUIRE_VERIFIED_EMAIL defaults on)', () => {
  let app: MailApp;
  beforeAll(async () => (app = await startMailApp()));
  afterAll(() => app.close());

  async function register(fields: { username: string; email: string; password?: string }, client = newClient()) {
    return submitForm(request.agent(app.t.http), '/register', '/register', { password: PASSWORD, ...fields }, client);
  }

  async function confirm(agent: request.Agent, token: string) {
    await agent.get(`/confirm-email/${token}`).expect(200);
    return submitForm(agent, `/confirm-email/${token}`, '/confirm-email', { token });
  }

  async function userIdOf(username: string): Promise<number> {
    return (await app.t.db.query('SELECT id FROM users WHERE username = $1', [username]))[0].id;
  }

  it('sends a confirmation link; until it is followed the member can read but not post, and sees why', async () => {
    const username = uniqueName('newbie');
    const email = `${username}@example.test`;
    const res = await register({ username, email });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/register/check-email');
    const token = tokenIn(await mailTo(app, email), '/confirm-email/');

    const agent = await signedInAgent(app.t, username);
    const home = await agent.get('/questions').expect(200);
    expect(home.text).toContain('Please confirm your e-mail address');
    expect(home.text).toContain('action="/settings/email/resend"');
    const ask = await agent.post('/questions').type('form').send({ title: 'A question I cannot ask yet, sadly', body: 'Body of the question I cannot ask yet.', tags: 'setup', _csrf: await csrfOf(agent, '/questions/ask') });
    expect(ask.status).toBe(403);
    expect(ask.text).toContain('Please confirm your e-mail address before posting');
    // The API says the same to a token of the member.
    const bearer = (await request(app.t.http).post('/api/v1/tokens').send({ username, password: PASSWORD }).expect(201)).body.token;
    const apiAsk = await request(app.t.http).post('/api/v1/questions').set('Authorization', `Bearer ${bearer}`).send({ title: 'Another question I cannot ask', body: 'Body body body body body.', tags: ['setup'] });
    expect(apiAsk.status).toBe(403);
    expect(apiAsk.body.message).toContain('confirm your e-mail address');

    // Resend: a fresh link, the old one stops working.
    expect((await submitForm(agent, '/questions', '/settings/email/resend', {})).status).toBe(302);
    const fresh = tokenIn(await mailTo(app, email), '/confirm-email/');
    expect(fresh).not.toBe(token);
    await request(app.t.http).get(`/confirm-email/${token}`).expect(422);

    expect((await confirm(agent, fresh)).status).toBe(302);
    const after = await agent.get('/questions').expect(200);
    expect(after.text).not.toContain('Please confirm your e-mail address');
    const asked = await agent.post('/questions').type('form').send({ title: 'Now I can ask my question here', body: 'The body of the question I can now ask.', tags: 'setup', _csrf: await csrfOf(agent, '/questions/ask') });
    expect(asked.status).toBe(302);
    // Used once: the link is spent.
    await request(app.t.http).get(`/confirm-email/${fresh}`).expect(422);
    expect(await eventKinds(app.t, await userIdOf(username))).toEqual(expect.arrayContaining(['sign-in', 'token-created', 'email-verified']));
  });

  it('answers alike for a taken address, and tells its owner instead', async () => {
    const owner = await createUser(app.t);
    const fresh = uniqueName('fresh');
    const taken = await register({ username: uniqueName('taker'), email: owner.email.toUpperCase() });
    const free = await register({ username: fresh, email: `${fresh}@example.test` });
    expect(taken.status).toBe(free.status);
    expect(taken.headers.location).toBe(free.headers.location);
    expect(taken.text).toBe(free.text);
    const notices = await mailTo(app, owner.email);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('already belongs to your account');
    expect(notices[0]).not.toContain('/confirm-email/');

    const apiTaken = await request(app.t.http).post('/api/v1/users').set(newClient()).send({ username: uniqueName('api'), email: owner.email, password: PASSWORD });
    const apiFreeName = uniqueName('api');
    const apiFree = await request(app.t.http).post('/api/v1/users').set(newClient()).send({ username: apiFreeName, email: `${apiFreeName}@example.test`, password: PASSWORD });
    expect(apiTaken.status).toBe(202);
    expect(apiFree.status).toBe(202);
    expect(apiTaken.body).toEqual(apiFree.body);
    // No account was made for the taken address.
    expect((await app.t.db.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [owner.email]))[0].n).toBe(1);
  });

  it(`limits sign-ups per client to ${ACCOUNT_LIMITS.register.points} an hour`, async () => {
    const client = newClient();
    for (let i = 0; i < ACCOUNT_LIMITS.register.points; i++) {
      const name = uniqueName('burst');
      expect((await register({ username: name, email: `${name}@example.test` }, client)).status).toBe(302);
    }
    const name = uniqueName('burst');
    const over = await register({ username: name, email: `${name}@example.test` }, client);
    expect(over.status).toBe(429);
    expect(over.text).toContain('Too many new accounts');
    expect((await app.t.db.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [name]))[0].n).toBe(0);
    // Another client is not affected.
    expect((await register({ username: uniqueName('calm'), email: `${uniqueName('calm')}@example.test` })).status).toBe(302);
  });

  it('a new address takes effect only once confirmed from a link sent to it', async () => {
    const member = await createUser(app.t);
    const agent = await signedInAgent(app.t, member.username);
    const newEmail = `${uniqueName('moved')}@example.test`;
    const wrong = await submitForm(agent, '/settings/email', '/settings/email', { email: newEmail, password: 'not the password' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That is not your current password.');
    expect((await submitForm(agent, '/settings/email', '/settings/email', { email: newEmail, password: PASSWORD })).status).toBe(302);
    // Still the old address until confirmed.
    expect((await app.t.db.query('SELECT email FROM users WHERE id = $1', [member.id]))[0].email).toBe(member.email);
    const token = tokenIn(await mailTo(app, newEmail), '/confirm-email/');
    expect((await confirm(agent, token)).status).toBe(302);
    const [row] = await app.t.db.query('SELECT email, email_verified_at FROM users WHERE id = $1', [member.id]);
    expect(row.email).toBe(newEmail);
    expect(row.email_verified_at).not.toBeNull();
    expect(await eventKinds(app.t, member.id)).toEqual(expect.arrayContaining(['email-change-requested', 'email-changed']));
  });

  it('moving to an address that has an account sends its owner a notice and changes nothing', async () => {
    const member = await createUser(app.t);
    const owner = await createUser(app.t);
    const agent = await signedInAgent(app.t, member.username);
    const res = await submitForm(agent, '/settings/email', '/settings/email', { email: owner.email, password: PASSWORD });
    expect(res.status).toBe(302);
    const toOwner = await mailTo(app, owner.email);
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]).not.toContain('/confirm-email/');
    expect((await app.t.db.query('SELECT email FROM users WHERE id = $1', [member.id]))[0].email).toBe(member.email);
  });

  it('refuses expired and forged confirmation links', async () => {
    const member = await createUser(app.t);
    const agent = await signedInAgent(app.t, member.username);
    const newEmail = `${uniqueName('late')}@example.test`;
    await submitForm(agent, '/settings/email', '/settings/email', { email: newEmail, password: PASSWORD });
    const token = tokenIn(await mailTo(app, newEmail), '/confirm-email/');
    await app.t.db.query(`UPDATE account_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [member.id]);
    const expired = await submitForm(agent, '/settings/account', '/confirm-email', { token });
    expect(expired.status).toBe(422);
    expect(expired.text).toContain('This link is not valid');
    const forged = await submitForm(agent, '/settings/account', '/confirm-email', { token: 'C'.repeat(43) });
    expect(forged.status).toBe(422);
    expect((await app.t.db.query('SELECT email FROM users WHERE id = $1', [member.id]))[0].email).toBe(member.email);
  });
});
