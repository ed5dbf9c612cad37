import request from 'supertest';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

describe('roles: the admin page and API', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('gives members, agents and moderators 403 on the admin page and admin API', async () => {
    for (const role of ['member', 'agent', 'moderator'] as const) {
      const user = await createUser(t, { role });
      const agent = await signedInAgent(t, user.username);
      const page = await agent.get('/admin/users').expect(403);
      expect(page.text).toContain('<h1>Not allowed</h1>');
      const target = await createUser(t);
      await agent.post(`/admin/users/${target.username}/role`).type('form').send({ role: 'admin', _csrf: await csrfOf(agent) }).expect(403);

      const token = await tokenFor(t, user.username);
      const api = await request(t.http).patch(`/api/v1/users/${target.username}/role`).set('Authorization', `Bearer ${token}`).send({ role: 'admin' }).expect(403);
      expect(api.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      const [{ role: stored }] = await t.db.query('SELECT role FROM users WHERE id = $1', [target.id]);
      expect(stored).toBe('member');
    }
  });

  it('sends anonymous visitors to log in, and anonymous API calls get 401', async () => {
    const page = await request(t.http).get('/admin/users').expect(303);
    expect(page.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
    await request(t.http).patch('/api/v1/users/anyone/role').send({ role: 'admin' }).expect(401);
  });

  it('lets an admin list members and change a role on the page and through the API', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const target = await createUser(t);
    const agent = await signedInAgent(t, admin.username);
    const list = await agent.get('/admin/users').expect(200);
    expect(list.text).toContain(target.username);
    expect(list.text).toContain(`<label for="role-${target.id}" class="visually-hidden">Role of ${target.username}</label>`);

    await agent.post(`/admin/users/${target.username}/role`).type('form').send({ role: 'agent', _csrf: await csrfOf(agent) }).expect(302);
    const after = await agent.get('/admin/users');
    expect(after.text).toContain(`${target.username} is now an agent.`);
    let [{ role }] = await t.db.query('SELECT role FROM users WHERE id = $1', [target.id]);
    expect(role).toBe('agent');

    const token = await tokenFor(t, admin.username);
    const res = await request(t.http).patch(`/api/v1/users/${target.username}/role`).set('Authorization', `Bearer ${token}`).send({ role: 'moderator' }).expect(200);
    expect(res.body.role).toBe('moderator');
    [{ role }] = await t.db.query('SELECT role FROM users WHERE id = $1', [target.id]);
    expect(role).toBe('moderator');

    const bad = await request(t.http).patch(`/api/v1/users/${target.username}/role`).set('Authorization', `Bearer ${token}`).send({ role: 'overlord' }).expect(400);
    expect(bad.body.message).toEqual(['Role must be one of member, agent, moderator, admin.']);
  });

  it('reads the role fresh on every request, so a demotion takes effect at once', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const agent = await signedInAgent(t, admin.username);
    await agent.get('/admin/users').expect(200);
    await t.db.query(`UPDATE users SET role = 'member' WHERE id = $1`, [admin.id]);
    await agent.get('/admin/users').expect(403);
  });
});
