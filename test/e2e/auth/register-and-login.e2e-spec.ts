import request from 'supertest';
import { createUser, csrfTokenFrom, PASSWORD, startTestApp, uniqueName, type TestApp } from '../../support/test-app.js';

describe('accounts on pages: register, log in, log out', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  async function registerForm(agent: request.Agent, fields: Record<string, string>) {
    const page = await agent.get('/register').expect(200);
    return agent.post('/register').type('form').send({ ...fields, _csrf: csrfTokenFrom(page.text) });
  }

  it('registers a member, signs them in and greets them', async () => {
    const agent = request.agent(t.http);
    const username = uniqueName('Ada');
    const res = await registerForm(agent, { username, email: `${username}@example.com`, password: PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain(`Welcome to AnswerBase, ${username}!`);
    expect(home.text).toContain(`href="/users/${username}"`);
  });

  it.each([
    [{ username: 'ab' }, 'username', 'Usernames are 3 to 30 characters long.'],
    [{ username: 'a'.repeat(31) }, 'username', 'Usernames are 3 to 30 characters long.'],
    [{ username: 'has space' }, 'username', 'Usernames may use only letters, digits, _ and -.'],
    [{ username: 'ünïcode' }, 'username', 'Usernames may use only letters, digits, _ and -.'],
    [{ email: 'not-an-email' }, 'email', 'Enter a valid e-mail address.'],
    [{ password: 'short' }, 'password', 'Passwords are at least 10 characters long.'],
  ])('re-renders the form with a field message for %j', async (override, field, message) => {
    const agent = request.agent(t.http);
    const username = uniqueName('val');
    const res = await registerForm(agent, { username, email: `${username}@example.com`, password: PASSWORD, ...override });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="${field}-error"`);
    expect(res.text).toContain(message.replace(/'/g, '&#x27;'));
    // The member's input comes back (never the password).
    if (field !== 'username') expect(res.text).toContain(`value="${username}"`);
    expect(res.text).not.toContain(PASSWORD);
  });

  it('accepts usernames of exactly 3 and 30 characters with _ and -', async () => {
    for (const username of [`a-${Math.random().toString(36).slice(2, 3)}`, `${'x_y-'.repeat(7)}${Math.random().toString(36).slice(2, 4)}`]) {
      const res = await registerForm(request.agent(t.http), { username, email: `${username}@example.com`, password: PASSWORD });
      expect(res.status).toBe(302);
    }
  });

  it('refuses a username or e-mail that differs only in case', async () => {
    const existing = await createUser(t);
    const byName = await registerForm(request.agent(t.http), {
      username: existing.username.toUpperCase(),
      email: `${uniqueName()}@example.com`,
      password: PASSWORD,
    });
    expect(byName.status).toBe(409);
    expect(byName.text).toContain('That username is already taken.');

    const byEmail = await registerForm(request.agent(t.http), {
      username: uniqueName(),
      email: existing.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(byEmail.status).toBe(409);
    expect(byEmail.text).toContain('An account with that e-mail address already exists.');
  });

  it('logs in and out, and gives one message for a wrong password and an unknown user', async () => {
    const user = await createUser(t);
    const agent = request.agent(t.http);
    const loginPage = await agent.get('/login').expect(200);
    const token = csrfTokenFrom(loginPage.text);

    const wrongPassword = await agent.post('/login').type('form').send({ username: user.username, password: 'not the password', _csrf: token });
    const unknownUser = await agent.post('/login').type('form').send({ username: 'nobody-here', password: PASSWORD, _csrf: token });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.text).toContain('Wrong username or password.');
    expect(unknownUser.text).toContain('Wrong username or password.');

    const fresh = csrfTokenFrom(unknownUser.text);
    const ok = await agent.post('/login').type('form').send({ username: user.username.toUpperCase(), password: PASSWORD, _csrf: fresh, next: '/users' });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/users');

    const signedIn = await agent.get('/').expect(200);
    expect(signedIn.text).toContain('Log out');
    await agent.post('/logout').type('form').send({ _csrf: csrfTokenFrom(signedIn.text) }).expect(302);
    const after = await agent.get('/').expect(200);
    expect(after.text).not.toContain('Log out');
    expect(after.text).toContain('href="/login"');
  });

  it('never redirects to another site after login', async () => {
    const user = await createUser(t);
    const agent = request.agent(t.http);
    const page = await agent.get('/login?next=//evil.example').expect(200);
    expect(page.text).not.toContain('evil.example');
    const res = await agent.post('/login').type('form').send({ username: user.username, password: PASSWORD, next: '//evil.example', _csrf: csrfTokenFrom(page.text) });
    expect(res.headers.location).toBe('/');
  });

  it('refuses a form post without a valid CSRF token', async () => {
    const agent = request.agent(t.http);
    await agent.get('/register').expect(200);
    const username = uniqueName();
    const missing = await agent.post('/register').type('form').send({ username, email: `${username}@example.com`, password: PASSWORD });
    expect(missing.status).toBe(403);
    const forged = await agent.post('/register').type('form').send({ username, email: `${username}@example.com`, password: PASSWORD, _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('This form has expired');
    const rows = await t.db.query('SELECT 1 FROM users WHERE username = $1', [username]);
    expect(rows).toHaveLength(0);
  });

  it('sets an httpOnly, SameSite=Lax session cookie and creates no session for anonymous readers', async () => {
    const anonymous = await request(t.http).get('/').expect(200);
    expect(anonymous.headers['set-cookie']).toBeUndefined();

    const user = await createUser(t);
    const agent = request.agent(t.http);
    const page = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username: user.username, password: PASSWORD, _csrf: csrfTokenFrom(page.text) });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join(';');
    expect(cookie).toMatch(/ab\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('marks the session cookie Secure behind a TLS-terminating proxy', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '1' });
    try {
      const page = await request(proxied.http).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).join(';');
      expect(cookie).toMatch(/ab\.sid=/);
      expect(cookie).toMatch(/Secure/);
      const plain = await request(proxied.http).get('/login').expect(200);
      expect(([] as string[]).concat(plain.headers['set-cookie'] ?? []).join(';')).not.toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_LOGIN_PER_MINUTE: '3' })));
  afterAll(() => t.close());

  it('refuses further attempts once the limit is reached, on the page and the API', async () => {
    const agent = request.agent(t.http);
    let page = await agent.get('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await agent.post('/login').type('form').send({ username: 'someone', password: 'wrong password', _csrf: csrfTokenFrom(page.text) });
      statuses.push(res.status);
      page = res;
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(page.text).toContain('Too many attempts');

    const api = await request(t.http).post('/api/v1/tokens').send({ username: 'someone', password: 'wrong password' });
    expect(api.status).toBe(429);
    expect(api.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });
});
