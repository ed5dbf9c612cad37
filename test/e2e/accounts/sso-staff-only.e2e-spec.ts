import request from 'supertest';
import { CLIENT_ID, CLIENT_SECRET, closedPortUrl, PUBLIC_URL } from '../../support/oidc-provider.js';
import { createUser, csrfTokenFrom, PASSWORD, startTestApp, type TestApp } from '../../support/test-app.js';

// The provider is down from the start here (nothing listens at the issuer), and passwords are for staff only.
describe('LOCAL_LOGIN=staff-only, with the identity provider down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ OIDC_ISSUER: await closedPortUrl(), OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_LABEL: 'Acme ID', PUBLIC_URL, LOCAL_LOGIN: 'staff-only' });
  });
  afterAll(() => t.close());

  async function passwordSignIn(username: string, agent = request.agent(t.http)) {
    const page = await agent.get('/login').expect(200);
    return { agent, page, res: await agent.post('/login').type('form').send({ username, password: PASSWORD, _csrf: csrfTokenFrom(page.text) }) };
  }

  it('shows a clear page and starts no session when the provider cannot be reached', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/login').expect(200);
    const res = await agent.post('/login/sso').type('form').send({ _csrf: csrfTokenFrom(page.text) });
    expect(res.status).toBe(502);
    expect(res.text).toContain('We could not reach Acme ID just now.');
    expect((await agent.get('/').expect(200)).text).not.toContain('Log out');
  });

  it('turns password sign-in off for members, with a message saying how to sign in', async () => {
    const member = await createUser(t);
    const { agent, page, res } = await passwordSignIn(member.username);
    expect(page.text).toContain('Staff: sign in with your password');
    expect(page.text).not.toContain('New here? <a href="/register">Create an account</a>');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Password sign-in is for staff only. Members sign in with Acme ID.');
    expect((await agent.get('/').expect(200)).text).not.toContain('Log out');
    await request(t.http).get('/register').expect(403);
    const token = await request(t.http).post('/api/v1/tokens').send({ username: member.username, password: PASSWORD });
    expect(token.status).toBe(403);
  });

  it('lets staff in with their password, and sends them to set up a second factor before anything else', async () => {
    const moderator = await createUser(t, { role: 'moderator' });
    const { agent, res } = await passwordSignIn(moderator.username);
    expect(res.status).toBe(302);
    const queue = await agent.get('/mod/queue');
    expect(queue.status).toBe(303);
    expect(queue.headers.location).toBe('/settings/two-factor');
  });

  it('keeps imported members (no e-mail, no password) unable to sign in', async () => {
    await t.db.query("INSERT INTO users (username, imported_from, imported_source_id) VALUES ('imported_one', 'example.stackexchange.com', 1)");
    const { res } = await passwordSignIn('imported_one');
    expect(res.status).toBe(401);
  });
});
