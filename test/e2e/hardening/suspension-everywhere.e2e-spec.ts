import request from 'supertest';
import { createUser, csrfOf, PASSWORD, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the app's router holds, as [METHOD, path] — routes added later are walked too. */
function routesOf(t: TestApp): [string, string][] {
  const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } }).router;
  return router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m): [string, string] => [m.toUpperCase(), layer.route!.path]));
}

/** A concrete address for a route pattern: ids are 1, kinds a real kind, anything else a word. */
function concrete(path: string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => (/id$/i.test(name) ? '1' : name === 'kind' ? 'questions' : 'x'));
}

/** Finding 3: suspension is read-only as one global rule, for every write route. */
describe('a suspended member, on every write route the router holds', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('gets a 403 naming the suspension on each write, page or API, whatever the route or role', async () => {
    // An administrator passes every role check, so each route gets as far as the suspension rule.
    const admin = await createUser(t, { role: 'admin' });
    const token = await tokenFor(t, admin.username);
    const agent = await signedInAgent(t, admin.username);
    const csrf = await csrfOf(agent);
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '2 days', suspension_reason = 'Testing suspension' WHERE id = $1`, [admin.id]);
    const writes = routesOf(t).filter(([method]) => !['GET', 'HEAD', 'OPTIONS'].includes(method));
    // Besides signing in (each of its steps) and out: securing and leaving one's own account (docs/accounts.md) write no content.
    const allowed = new Set([
      'POST /login', 'POST /logout', 'POST /login/two-factor', 'POST /login/sso',
      'POST /settings/password', 'POST /settings/sessions/others/sign-out', 'POST /settings/sessions/:handle/sign-out',
      'POST /settings/privacy/delete', 'DELETE /api/v1/me',
      'POST /settings/two-factor/enable', 'POST /settings/two-factor/disable',
    ]);
    expect(writes.length).toBeGreaterThan(60);

    const rowsBefore = await t.db.query(`SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM api_tokens) + (SELECT count(*) FROM kb_article_feedback) AS n`);
    const refused: string[] = [];
    for (const [method, pattern] of writes) {
      if (allowed.has(`${method} ${pattern}`)) continue;
      const path = concrete(pattern);
      const isApi = path.startsWith('/api/');
      const call = request(t.http)[method.toLowerCase() as 'post'](path);
      const res = isApi
        ? await call.set('Authorization', `Bearer ${token}`).send({})
        : await agent[method.toLowerCase() as 'post'](path).set('X-CSRF-Token', csrf).type('form').send({ _csrf: csrf });
      const text = isApi ? JSON.stringify(res.body) : res.text;
      expect([method, pattern, res.status, text.includes('Your account is suspended until')]).toEqual([method, pattern, 403, true]);
      refused.push(`${method} ${pattern}`);
    }
    // The rows this member could have written are untouched.
    expect(await t.db.query(`SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM api_tokens) + (SELECT count(*) FROM kb_article_feedback) AS n`)).toEqual(rowsBefore);
    expect(refused).toEqual(expect.arrayContaining(['POST /api/v1/articles/:id/feedback', 'POST /kb/articles/:id/feedback', 'POST /api/v1/tokens', 'POST /settings/tokens']));

    // Reading still works, and signing out is the one write left.
    await agent.get('/').expect(200);
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(302);
  });

  it('cannot exchange a password for a new API token while suspended', async () => {
    const member = await createUser(t);
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [member.id]);
    const res = await request(t.http).post('/api/v1/tokens').send({ username: member.username, password: PASSWORD }).expect(403);
    expect(res.body.message).toContain('Your account is suspended until');
  });
});
