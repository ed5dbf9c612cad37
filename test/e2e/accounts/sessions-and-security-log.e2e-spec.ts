import request from 'supertest';
import { createUser, csrfOf, PASSWORD, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { eventKinds, submitForm } from './support.js';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describe('sessions, roles and the security log', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ TRUST_PROXY: '1' })));
  afterAll(() => t.close());

  async function agentAs(username: string, userAgent: string, ip: string) {
    const agent = request.agent(t.http);
    const page = await agent.get('/login').set({ 'User-Agent': userAgent, 'X-Forwarded-For': ip });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await agent.post('/login').set({ 'User-Agent': userAgent, 'X-Forwarded-For': ip }).type('form').send({ username, password: PASSWORD, _csrf: csrf }).expect(302);
    await agent.get('/').set({ 'User-Agent': userAgent, 'X-Forwarded-For': ip }).expect(200);
    return agent;
  }

  it('lists your sessions (browser, address, last seen) and signs out one, then all others', async () => {
    const member = await createUser(t);
    const laptop = await agentAs(member.username, FIREFOX, '198.51.100.7');
    const phone = await agentAs(member.username, SAFARI, '198.51.100.8');
    const tablet = await agentAs(member.username, SAFARI, '198.51.100.9');
    const stranger = await createUser(t);
    await agentAs(stranger.username, FIREFOX, '198.51.100.10');

    const page = await laptop.get('/settings/sessions').set({ 'User-Agent': FIREFOX, 'X-Forwarded-For': '198.51.100.7' }).expect(200);
    expect(page.text).toContain('Firefox on Windows <strong>(this browser)</strong>');
    expect(page.text).toContain('Safari on iOS');
    expect(page.text).toContain('198.51.100.8');
    expect(page.text).not.toContain('198.51.100.10');
    expect(page.text).toMatch(/<time datetime="[^"]+">/);
    const handles = [...page.text.matchAll(/action="\/settings\/sessions\/([0-9a-f]{32})\/sign-out"/g)].map((m) => m[1]!);
    expect(handles).toHaveLength(2);

    // Sign out the phone (the row showing 198.51.100.8).
    const phoneRow = page.text.split('<tr>').find((row) => row.includes('198.51.100.8'))!;
    const phoneHandle = /sessions\/([0-9a-f]{32})\/sign-out/.exec(phoneRow)![1]!;
    const csrf = await csrfOf(laptop, '/settings/sessions');
    await laptop.post(`/settings/sessions/${phoneHandle}/sign-out`).type('form').send({ _csrf: csrf }).expect(302);
    expect((await phone.get('/settings/account')).status).toBe(303);
    await tablet.get('/settings/account').expect(200);
    // A handle of someone else's session, or a made-up one: not found, nothing ended.
    const bad = await laptop.post(`/settings/sessions/${'0'.repeat(32)}/sign-out`).type('form').send({ _csrf: csrf });
    expect(bad.status).toBe(404);

    await laptop.post('/settings/sessions/others/sign-out').type('form').send({ _csrf: csrf }).expect(302);
    expect((await tablet.get('/settings/account')).status).toBe(303);
    await laptop.get('/settings/account').expect(200);
    // Without the form token: refused.
    expect((await laptop.post('/settings/sessions/others/sign-out').type('form').send({})).status).toBe(403);
    expect(await eventKinds(t, member.id)).toEqual(expect.arrayContaining(['sign-in', 'session-revoked', 'sessions-revoked']));
  });

  it('logs sign-in, failed sign-in (known and unknown names), sign-out, token created and revoked', async () => {
    const member = await createUser(t);
    const agent = await signedInAgent(t, member.username);
    const login = request.agent(t.http);
    const form = await login.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    await login.post('/login').set('User-Agent', FIREFOX).type('form').send({ username: member.username, password: 'wrong password!', _csrf: csrf }).expect(401);
    await login.post('/login').type('form').send({ username: 'no_such_member_here', password: 'whatever it is', _csrf: csrf }).expect(401);
    const token = await tokenFor(t, member.username);
    const [{ id: tokenId }] = await t.db.query('SELECT id FROM api_tokens WHERE user_id = $1', [member.id]);
    await request(t.http).delete(`/api/v1/tokens/${tokenId}`).set('Authorization', `Bearer ${token}`).expect(204);
    await submitForm(agent, '/', '/logout', {});

    expect(await eventKinds(t, member.id)).toEqual(['sign-in', 'sign-in-failed', 'token-created', 'token-revoked', 'sign-out']);
    const [failure] = await t.db.query(`SELECT ip, user_agent FROM security_events WHERE user_id = $1 AND kind = 'sign-in-failed'`, [member.id]);
    expect(failure.user_agent).toBe(FIREFOX);
    expect(failure.ip).toBeTruthy();
    const unknown = await t.db.query(`SELECT detail FROM security_events WHERE user_id IS NULL AND kind = 'sign-in-failed'`);
    expect(unknown.map((r: { detail: { username: string } }) => r.detail.username)).toContain('no_such_member_here');
  });

  it('is append-only: the database refuses edits and deletes', async () => {
    await expect(t.db.query(`UPDATE security_events SET created_at = created_at - interval '1 day' WHERE id = (SELECT min(id) FROM security_events)`)).rejects.toThrow('cannot be changed');
    await expect(t.db.query('DELETE FROM security_events')).rejects.toThrow('cannot be changed');
    await expect(t.db.query('TRUNCATE security_events')).rejects.toThrow('cannot be changed');
  });

  it('admins read and filter it on a page and through the API; nobody else can', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const member = await createUser(t);
    await signedInAgent(t, member.username);
    const adminAgent = await signedInAgent(t, admin.username);
    const page = await adminAgent.get(`/admin/security-log?user=${member.username}&kind=sign-in`).expect(200);
    expect(page.text).toContain(`href="/users/${member.username}"`);
    const table = page.text.slice(page.text.indexOf('<tbody>'));
    expect(table).not.toContain(`href="/users/${admin.username}"`);
    expect(page.text).toContain('<td>sign-in</td>');
    const bad = await adminAgent.get('/admin/security-log?kind=nonsense');
    expect(bad.status).toBe(400);

    const api = await request(t.http).get(`/api/v1/admin/security-events?user=${member.username}`).set('Authorization', `Bearer ${await tokenFor(t, admin.username)}`).expect(200);
    expect(api.body.items.map((e: { kind: string }) => e.kind)).toContain('sign-in');
    expect(api.body.items.every((e: { user: string }) => e.user === member.username)).toBe(true);
    const badApi = await request(t.http).get('/api/v1/admin/security-events?kind=nonsense').set('Authorization', `Bearer ${await tokenFor(t, admin.username)}`);
    expect(badApi.status).toBe(400);
    expect(badApi.body.message).toEqual([expect.stringContaining('kind must be one of')]);

    const memberAgent = await signedInAgent(t, member.username);
    expect((await memberAgent.get('/admin/security-log')).status).toBe(403);
    expect((await request(t.http).get('/api/v1/admin/security-events').set('Authorization', `Bearer ${await tokenFor(t, member.username)}`)).status).toBe(403);
    expect((await request(t.http).get('/api/v1/admin/security-events')).status).toBe(401);
  });

  it('logs role changes in the security log and the moderation log; the last admin cannot be demoted', async () => {
    // A fresh database has only the admins these tests made: demote all but one first.
    const admin = await createUser(t, { role: 'admin' });
    const member = await createUser(t);
    const bearer = `Bearer ${await tokenFor(t, admin.username)}`;
    await request(t.http).patch(`/api/v1/users/${member.username}/role`).set('Authorization', bearer).send({ role: 'moderator' }).expect(200);
    const [entry] = await t.db.query(`SELECT actor_id, details FROM moderation_log WHERE action = 'change-role' AND target_user_id = $1`, [member.id]);
    expect(entry).toEqual({ actor_id: admin.id, details: { from: 'member', to: 'moderator' } });
    const [event] = await t.db.query(`SELECT actor_id, detail FROM security_events WHERE kind = 'role-changed' AND user_id = $1`, [member.id]);
    expect(event).toEqual({ actor_id: admin.id, detail: { from: 'member', to: 'moderator' } });

    const others: { username: string }[] = await t.db.query(`SELECT username FROM users WHERE role = 'admin' AND id <> $1`, [admin.id]);
    for (const other of others) {
      await request(t.http).patch(`/api/v1/users/${other.username}/role`).set('Authorization', bearer).send({ role: 'member' }).expect(200);
    }
    const self = await request(t.http).patch(`/api/v1/users/${admin.username}/role`).set('Authorization', bearer).send({ role: 'member' });
    expect(self.status).toBe(422);
    expect(self.body.message).toContain('at least one administrator');
    const agent = await signedInAgent(t, admin.username);
    const viaPage = await agent.post(`/admin/users/${admin.username}/role`).type('form').send({ role: 'moderator', _csrf: await csrfOf(agent, '/admin/users') });
    expect(viaPage.status).toBe(422);
    expect(viaPage.text).toContain('at least one administrator');
    expect((await t.db.query('SELECT role FROM users WHERE id = $1', [admin.id]))[0].role).toBe('admin');

    // With a second admin, the first may step down.
    await request(t.http).patch(`/api/v1/users/${member.username}/role`).set('Authorization', bearer).send({ role: 'admin' }).expect(200);
    await request(t.http).patch(`/api/v1/users/${admin.username}/role`).set('Authorization', bearer).send({ role: 'member' }).expect(200);
    // Members cannot change roles at all.
    const denied = await request(t.http).patch(`/api/v1/users/${member.username}/role`).set('Authorization', `Bearer ${await tokenFor(t, admin.username)}`).send({ role: 'member' });
    expect(denied.status).toBe(403);
  });
});
