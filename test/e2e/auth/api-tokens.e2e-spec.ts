import request from 'supertest';
import { createUser, csrfOf, PASSWORD, signedInAgent, startTestApp, tokenFor, uniqueName, type TestApp } from '../../support/test-app.js';

describe('JSON API: accounts and personal access tokens', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('registers with POST /api/v1/users and returns the public profile', async () => {
    const username = uniqueName('api');
    const res = await request(t.http).post('/api/v1/users').send({ username, email: `${username}@example.com`, password: PASSWORD }).expect(201);
    expect(res.body).toEqual({ id: expect.any(Number), username, role: 'member', reputation: 1, createdAt: expect.any(String) });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('lists every invalid field at once', async () => {
    const res = await request(t.http).post('/api/v1/users').send({ username: 'x', email: 'nope', password: 'short' }).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        'Usernames are 3 to 30 characters long.',
        'Enter a valid e-mail address.',
        'Passwords are at least 10 characters long.',
      ]),
    );
    expect(Object.keys(res.body.fields).sort()).toEqual(['email', 'password', 'username']);
  });

  it('refuses unknown fields and a duplicate in any case with 409', async () => {
    const user = await createUser(t);
    const extra = await request(t.http).post('/api/v1/users').send({ username: uniqueName(), email: `${uniqueName()}@example.com`, password: PASSWORD, role: 'admin' });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('role is not a field this form accepts.');

    const dup = await request(t.http).post('/api/v1/users').send({ username: user.username.toUpperCase(), email: `${uniqueName()}@example.com`, password: PASSWORD });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ statusCode: 409, error: 'Conflict', message: ['That username is already taken.'], fields: { username: ['That username is already taken.'] } });

    const dupEmail = await request(t.http).post('/api/v1/users').send({ username: uniqueName(), email: user.email.toUpperCase(), password: PASSWORD });
    expect(dupEmail.status).toBe(409);
  });

  it('issues a token for a username and password, and the token authenticates /me', async () => {
    const user = await createUser(t);
    const token = await tokenFor(t, user.username);
    expect(token).toMatch(/^ab_/);
    const me = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ id: user.id, username: user.username, role: 'member', email: user.email });

    const stored = await t.db.query('SELECT token_hash FROM api_tokens WHERE user_id = $1', [user.id]);
    expect(stored[0].token_hash).not.toContain(token);
  });

  it('gives one 401 for a wrong password and an unknown user', async () => {
    const user = await createUser(t);
    const wrong = await request(t.http).post('/api/v1/tokens').send({ username: user.username, password: 'wrong password!' }).expect(401);
    const unknown = await request(t.http).post('/api/v1/tokens').send({ username: 'nobody_at_all', password: 'wrong password!' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Wrong username or password.' });
  });

  it('answers GET /api/v1/users/:username and 404 for an unknown one', async () => {
    const user = await createUser(t);
    const res = await request(t.http).get(`/api/v1/users/${user.username}`).expect(200);
    expect(res.body).toEqual({ id: user.id, username: user.username, role: 'member', reputation: 1, createdAt: expect.any(String) });
    const missing = await request(t.http).get('/api/v1/users/no-such-member').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('refuses anonymous and bad-token calls with 401', async () => {
    await request(t.http).get('/api/v1/me').expect(401);
    const bad = await request(t.http).get('/api/v1/me').set('Authorization', 'Bearer ab_not-a-token').expect(401);
    expect(bad.body.message).toBe('The access token is invalid or has been revoked.');
  });

  it('stops a revoked token from working (API revoke)', async () => {
    const user = await createUser(t);
    const token = await tokenFor(t, user.username);
    const list = await request(t.http).get('/api/v1/tokens').set('Authorization', `Bearer ${token}`).expect(200);
    expect(list.body).toHaveLength(1);
    await request(t.http).delete(`/api/v1/tokens/${list.body[0].id}`).set('Authorization', `Bearer ${token}`).expect(204);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('stops a revoked token from working (revoked from the settings page), and only the owner can revoke it', async () => {
    const owner = await createUser(t);
    const other = await createUser(t);
    const token = await tokenFor(t, owner.username);
    const [{ id }] = await t.db.query('SELECT id FROM api_tokens WHERE user_id = $1', [owner.id]);

    const stranger = await signedInAgent(t, other.username);
    await stranger.post(`/settings/tokens/${id}/revoke`).type('form').send({ _csrf: await csrfOf(stranger) }).expect(404);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);

    const agent = await signedInAgent(t, owner.username);
    const page = await agent.get('/settings/tokens').expect(200);
    expect(page.text).toContain('API token');
    await agent.post(`/settings/tokens/${id}/revoke`).type('form').send({ _csrf: await csrfOf(agent, '/settings/tokens') }).expect(302);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('creates a token from the settings page and shows it once', async () => {
    const user = await createUser(t);
    const agent = await signedInAgent(t, user.username);
    const res = await agent.post('/settings/tokens').type('form').send({ name: 'Zendesk sync', _csrf: await csrfOf(agent, '/settings/tokens') }).expect(201);
    const token = /value="(ab_[^"]+)"/.exec(res.text)?.[1];
    expect(token).toBeDefined();
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    const empty = await agent.post('/settings/tokens').type('form').send({ name: '', _csrf: await csrfOf(agent, '/settings/tokens') }).expect(400);
    expect(empty.text).toContain('Token names are 1 to 60 characters long.');
  });
});

describe('JSON API: a missing field gets its own message', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('says what is missing rather than a length rule', async () => {
    const res = await request(t.http).post('/api/v1/users').send({}).expect(400);
    expect(res.body.fields).toEqual({
      username: ['Choose a username.'],
      email: ['Enter your e-mail address.'],
      password: ['Choose a password.'],
    });
  });
});
