import request from 'supertest';
import { CLIENT_ID, CLIENT_SECRET, PUBLIC_URL, signInAtProvider, startTestProvider, type TestProvider } from '../../support/oidc-provider.js';
import { createUser, csrfTokenFrom, PASSWORD, signedInAgent, startTestApp, uniqueName, type TestApp } from '../../support/test-app.js';
import { codeStep, enrolTwoFactor, nextCode, passwordStep, securityEvents } from '../../support/two-factor.js';

describe('single sign-on with OpenID Connect, against a real provider', () => {
  let provider: TestProvider;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startTestProvider();
    t = await startTestApp({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_LABEL: 'Acme ID', PUBLIC_URL });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  /** The "Sign in with Acme ID" button: returns the provider's authorization URL. */
  async function startSignIn(agent: request.Agent): Promise<string> {
    const page = await agent.get('/login').expect(200);
    expect(page.text).toContain('Sign in with Acme ID');
    const res = await agent.post('/login/sso').type('form').send({ _csrf: csrfTokenFrom(page.text) }).expect(303);
    const url = new URL(res.headers.location!);
    expect(url.origin).toBe(provider.issuer);
    for (const param of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(param)).toBeTruthy();
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    return url.href;
  }

  async function signedInName(agent: request.Agent): Promise<string | null> {
    const home = await agent.get('/').expect(200);
    return /class="viewer">([^ <]+)/.exec(home.text)?.[1] ?? null;
  }

  async function newAccount(claims: Record<string, unknown> = {}) {
    const sub = uniqueName('sub');
    const name = uniqueName('corp');
    await provider.addAccount(sub, { email: `${name}@corp.test`, email_verified: true, preferred_username: name, name: 'Corp Person', ...claims });
    return { sub, name, email: (claims.email as string) ?? `${name}@corp.test` };
  }

  it('creates an account from the ID token on first sign-in, and signs the same account in next time', async () => {
    const { sub, name, email } = await newAccount();
    const agent = request.agent(t.http);
    const callback = await signInAtProvider(await startSignIn(agent), sub);
    const res = await agent.get(callback);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(await signedInName(agent)).toBe(name);

    const [user] = await t.db.query('SELECT id, email, password_hash FROM users WHERE username = $1', [name]);
    expect(user.email).toBe(email);
    expect(user.password_hash).toBeNull();
    const identities = await t.db.query('SELECT issuer, subject FROM external_identities WHERE user_id = $1', [user.id]);
    expect(identities).toEqual([{ issuer: provider.issuer, subject: sub }]);
    expect(await securityEvents(t, user.id, 'sso-sign-in')).toBe(1);

    const again = request.agent(t.http);
    await again.get(await signInAtProvider(await startSignIn(again), sub)).expect(303);
    expect(await signedInName(again)).toBe(name);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]);
    expect(n).toBe(1);
    // Without a password, the password form cannot sign them in.
    const login = await again.get('/login');
    const byPassword = await request.agent(t.http).post('/login').type('form').send({ username: name, password: PASSWORD, _csrf: csrfTokenFrom(login.text) });
    expect(byPassword.status).toBe(403);
  });

  it('lets an account without a password delete itself by typing its username', async () => {
    const { sub, name } = await newAccount();
    const agent = request.agent(t.http);
    await agent.get(await signInAtProvider(await startSignIn(agent), sub)).expect(303);
    const page = await agent.get('/settings/privacy').expect(200);
    expect(page.text).toContain('Your username, to confirm');
    const csrf = csrfTokenFrom(page.text);
    const [{ id }] = await t.db.query('SELECT id FROM users WHERE username = $1', [name]);
    const wrong = await agent.post('/settings/privacy/delete').type('form').send({ password: 'not my name', _csrf: csrf }).expect(422);
    expect(wrong.text).toContain('type your username to confirm');
    await agent.post('/settings/privacy/delete').type('form').send({ password: name, _csrf: csrf }).expect(302);
    const [user] = await t.db.query('SELECT email, deleted_at FROM users WHERE id = $1', [id]);
    expect(user.email).toBeNull();
    expect(user.deleted_at).not.toBeNull();
    expect(await t.db.query('SELECT 1 FROM external_identities WHERE subject = $1', [sub])).toEqual([]);
  });

  it('resolves a username that is taken', async () => {
    const existing = await createUser(t);
    const { sub } = await newAccount({ preferred_username: existing.username });
    const agent = request.agent(t.http);
    await agent.get(await signInAtProvider(await startSignIn(agent), sub)).expect(303);
    expect(await signedInName(agent)).toBe(`${existing.username}2`);
  });

  it('refuses a callback whose state is not the one it sent: a clear page and no session', async () => {
    const { sub } = await newAccount();
    const agent = request.agent(t.http);
    const callback = await signInAtProvider(await startSignIn(agent), sub);
    const forged = callback.replace(/state=[^&]+/, 'state=forged-state');
    const res = await agent.get(forged);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Signing in with Acme ID did not work');
    expect(await signedInName(agent)).toBeNull();
    expect(await t.db.query('SELECT 1 FROM external_identities WHERE subject = $1', [sub])).toHaveLength(0);
  });

  it('refuses a replayed code, in the same browser and in another one', async () => {
    const { sub, name } = await newAccount();
    const agent = request.agent(t.http);
    const callback = await signInAtProvider(await startSignIn(agent), sub);
    await agent.get(callback).expect(303);
    await agent.post('/logout').type('form').send({ _csrf: csrfTokenFrom((await agent.get('/')).text) }).expect(302);

    const replay = await agent.get(callback);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('expired or was already used');
    expect(await signedInName(agent)).toBeNull();

    // Another browser with a sign-in of its own in flight, handed the used code with its own state.
    const other = request.agent(t.http);
    const otherState = new URL(await startSignIn(other)).searchParams.get('state')!;
    const stolen = await other.get(callback.replace(/state=[^&]+/, `state=${encodeURIComponent(otherState)}`));
    expect(stolen.status).toBe(400);
    expect(await signedInName(other)).toBeNull();
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [name]);
    expect(n).toBe(1);
  });

  it.each([
    ['an ID token for another audience', { aud: 'someone-else' }],
    ['an ID token from another issuer', { iss: 'http://localhost:1/not-the-issuer' }],
    ['an expired ID token', { expired: true }],
  ])('refuses %s: a clear page and no session', async (_what, change) => {
    const { sub } = await newAccount();
    const agent = request.agent(t.http);
    const callback = await signInAtProvider(await startSignIn(agent), sub);
    await provider.tamperNextIdToken(change);
    const res = await agent.get(callback);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Signing in with Acme ID did not work');
    expect(await signedInName(agent)).toBeNull();
    expect(await t.db.query('SELECT 1 FROM external_identities WHERE subject = $1', [sub])).toHaveLength(0);
  });

  it('links an existing account with the same e-mail only after its owner signs in to it', async () => {
    const owner = await createUser(t);
    const { sub } = await newAccount({ email: owner.email });
    const agent = request.agent(t.http);
    const res = await agent.get(await signInAtProvider(await startSignIn(agent), sub));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    // Not signed in, not linked: an e-mail address alone proves nothing.
    const login = await agent.get('/login').expect(200);
    expect(login.text).toContain('An account with your e-mail address already exists here.');
    expect(await signedInName(agent)).toBeNull();
    expect(await t.db.query('SELECT 1 FROM external_identities WHERE subject = $1', [sub])).toHaveLength(0);

    // A wrong password links nothing.
    await agent.post('/login').type('form').send({ username: owner.username, password: 'not the password', _csrf: csrfTokenFrom(login.text) }).expect(401);
    expect(await t.db.query('SELECT 1 FROM external_identities WHERE subject = $1', [sub])).toHaveLength(0);

    const page = await agent.get('/login');
    await agent.post('/login').type('form').send({ username: owner.username, password: PASSWORD, _csrf: csrfTokenFrom(page.text) }).expect(302);
    expect((await agent.get('/').expect(200)).text).toContain('Your account is now linked with Acme ID');
    expect(await t.db.query('SELECT user_id FROM external_identities WHERE subject = $1', [sub])).toEqual([{ user_id: owner.id }]);
    expect(await securityEvents(t, owner.id, 'sso-linked')).toBe(1);

    const next = request.agent(t.http);
    await next.get(await signInAtProvider(await startSignIn(next), sub)).expect(303);
    expect(await signedInName(next)).toBe(owner.username);
  });

  it('asks for the second factor after the provider, and links only once that is given too', async () => {
    // A member created through the provider who then turned two-factor on.
    const { sub, name } = await newAccount();
    const first = request.agent(t.http);
    await first.get(await signInAtProvider(await startSignIn(first), sub)).expect(303);
    const { secret } = await enrolTwoFactor(first);
    const agent = request.agent(t.http);
    const res = await agent.get(await signInAtProvider(await startSignIn(agent), sub));
    expect(res.headers.location).toBe('/login/two-factor');
    expect(await signedInName(agent)).toBeNull();
    expect((await codeStep(agent, nextCode(secret))).status).toBe(302);
    expect(await signedInName(agent)).toBe(name);

    // An owner with a password and two-factor on: the identity waits through both steps.
    const owner = await createUser(t);
    const ownerFactor = await enrolTwoFactor(await signedInAgent(t, owner.username));
    const { sub: ownerSub } = await newAccount({ email: owner.email });
    const linking = request.agent(t.http);
    expect((await linking.get(await signInAtProvider(await startSignIn(linking), ownerSub))).headers.location).toBe('/login');
    const { res: password } = await passwordStep(t, owner.username, linking);
    expect(password.headers.location).toBe('/login/two-factor');
    expect(await t.db.query('SELECT 1 FROM external_identities WHERE subject = $1', [ownerSub])).toHaveLength(0);
    expect((await codeStep(linking, nextCode(ownerFactor.secret))).status).toBe(302);
    expect(await t.db.query('SELECT user_id FROM external_identities WHERE subject = $1', [ownerSub])).toEqual([{ user_id: owner.id }]);
  });

  it('refuses to create an account without a confirmed e-mail address', async () => {
    const { sub } = await newAccount({ email_verified: false });
    const agent = request.agent(t.http);
    const res = await agent.get(await signInAtProvider(await startSignIn(agent), sub));
    expect(res.status).toBe(400);
    expect(res.text).toContain('did not share a confirmed e-mail address');
    expect(await signedInName(agent)).toBeNull();
  });

  // Last: it stops the provider.
  it('shows a clear page and starts no session when the provider goes down before the code is exchanged', async () => {
    const { sub } = await newAccount();
    const agent = request.agent(t.http);
    const callback = await signInAtProvider(await startSignIn(agent), sub);
    await provider.stop();
    const res = await agent.get(callback);
    expect(res.status).toBe(502);
    expect(res.text).toContain('We could not reach Acme ID just now.');
    expect(await signedInName(agent)).toBeNull();
  });
});
