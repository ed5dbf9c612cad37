import request from 'supertest';
import { TokensService } from '../../../src/auth/tokens.service.js';
import { currentCode } from '../../../src/accounts/two-factor/totp.js';
import { createUser, csrfOf, csrfTokenFrom, PASSWORD, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { codeStep, enrolTwoFactor, forgetUsedSteps, nextCode, passwordStep, secretFrom, securityEvents, signOut } from '../../support/two-factor.js';

describe('two-factor authentication (TOTP)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('enrols with a QR code and the secret in text, refuses a wrong code, then shows ten recovery codes once', async () => {
    const user = await createUser(t);
    const agent = await signedInAgent(t, user.username);
    const page = await agent.get('/settings/two-factor').expect(200);
    expect(page.text).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/]+(&#x3D;)*"/);
    const secret = secretFrom(page.text);
    expect(page.text).toContain(secret.slice(0, 4) + ' ');
    // A reload shows the same secret until it is confirmed.
    expect(secretFrom((await agent.get('/settings/two-factor')).text)).toBe(secret);

    const wrong = await agent.post('/settings/two-factor/enable').type('form').send({ code: '000000', _csrf: csrfTokenFrom(page.text) });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That code is not right.');
    expect(secretFrom(wrong.text)).toBe(secret); // the QR code and key stay on the page
    const malformed = await agent.post('/settings/two-factor/enable').type('form').send({ code: 'abc', _csrf: csrfTokenFrom(page.text) });
    expect(malformed.status).toBe(400);
    const [pending] = await t.db.query('SELECT enabled_at, secret_sealed FROM two_factor_credentials WHERE user_id = $1', [user.id]);
    expect(pending.enabled_at).toBeNull();
    expect(pending.secret_sealed).not.toContain(secret); // sealed at rest

    const done = await agent.post('/settings/two-factor/enable').type('form').send({ code: currentCode(secret), _csrf: csrfTokenFrom(page.text) }).expect(200);
    const codes = [...done.text.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.db.query('SELECT code_hash FROM two_factor_recovery_codes WHERE user_id = $1', [user.id]);
    expect(stored).toHaveLength(10);
    expect(stored.map((r: { code_hash: string }) => r.code_hash)).not.toContain(codes[0]);
    expect(await securityEvents(t, user.id, 'two-factor-enabled')).toBe(1);

    const after = await agent.get('/settings/two-factor').expect(200);
    expect(after.text).toContain('Two-factor authentication is <strong>on</strong>');
    expect(after.text).not.toContain(codes[0]);
    expect(after.text).not.toContain('data-secret');
  });

  it('asks for the code after the password: half signed in until then, a wrong code refused and logged', async () => {
    const user = await createUser(t);
    const { secret } = await enrolTwoFactor(await signedInAgent(t, user.username));

    const { agent, res } = await passwordStep(t, user.username);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login/two-factor');
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain('Log out'); // not signed in yet
    await agent.get('/settings/tokens').expect(303);

    const wrong = await codeStep(agent, '123456');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That code is not right.');
    expect(await securityEvents(t, user.id, 'two-factor-failed')).toBe(1);

    const ok = await codeStep(agent, nextCode(secret));
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/');
    expect((await agent.get('/').expect(200)).text).toContain('Log out');
  });

  it('refuses a code already used (once per time step)', async () => {
    const user = await createUser(t);
    const { secret } = await enrolTwoFactor(await signedInAgent(t, user.username));
    const code = nextCode(secret);
    const first = await passwordStep(t, user.username);
    expect((await codeStep(first.agent, code)).status).toBe(302);
    const second = await passwordStep(t, user.username);
    expect((await codeStep(second.agent, code)).status).toBe(401);
  });

  it('takes each recovery code once', async () => {
    const user = await createUser(t);
    const { recoveryCodes } = await enrolTwoFactor(await signedInAgent(t, user.username));
    const code = recoveryCodes[3]!;

    const first = await passwordStep(t, user.username);
    const ok = await codeStep(first.agent, code.toLowerCase().replace(/-/g, ' ').replace(/ /g, '-'));
    expect(ok.status).toBe(302);
    expect(await securityEvents(t, user.id, 'recovery-code-used')).toBe(1);
    await signOut(first.agent);

    const again = await passwordStep(t, user.username);
    const reused = await codeStep(again.agent, code);
    expect(reused.status).toBe(401);
    expect((await codeStep(again.agent, recoveryCodes[4]!)).status).toBe(302);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL', [user.id]);
    expect(n).toBe(8);
  });

  it('sends the code page back to the log-in page when nothing is waiting, and refuses a form without its CSRF token', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/login/two-factor');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
    const user = await createUser(t);
    await enrolTwoFactor(await signedInAgent(t, user.username));
    const { agent: half } = await passwordStep(t, user.username);
    await half.post('/login/two-factor').type('form').send({ code: '123456' }).expect(403);
  });

  it('turns off only with a current code', async () => {
    const user = await createUser(t);
    const agent = await signedInAgent(t, user.username);
    const { secret } = await enrolTwoFactor(agent);
    const csrf = await csrfOf(agent, '/settings/two-factor');
    const wrong = await agent.post('/settings/two-factor/disable').type('form').send({ code: '999999', _csrf: csrf });
    expect(wrong.status).toBe(401);
    const missing = await agent.post('/settings/two-factor/disable').type('form').send({ _csrf: csrf });
    expect(missing.status).toBe(400);
    await agent.post('/settings/two-factor/disable').type('form').send({ code: nextCode(secret), _csrf: csrf }).expect(302);
    expect(await t.db.query('SELECT 1 FROM two_factor_credentials WHERE user_id = $1', [user.id])).toHaveLength(0);
    expect(await securityEvents(t, user.id, 'two-factor-disabled')).toBe(1);
    // Signing in is one step again.
    expect((await passwordStep(t, user.username)).res.headers.location).toBe('/');
  });

  describe('staff', () => {
    it('are sent to enrol before anything else once an admin requires it', async () => {
      const admin = await createUser(t, { role: 'admin' });
      const moderator = await createUser(t, { role: 'moderator' });
      const member = await createUser(t);
      const adminAgent = await signedInAgent(t, admin.username);
      // The admin is staff too: the setting applies to them at once.
      const settings = await adminAgent.get('/admin/sign-in').expect(200);
      await adminAgent.post('/admin/sign-in').type('form').send({ staffTwoFactorRequired: 'on', _csrf: csrfTokenFrom(settings.text) }).expect(302);
      try {
        const sent = await adminAgent.get('/admin/users');
        expect(sent.status).toBe(303);
        expect(sent.headers.location).toBe('/settings/two-factor');

        const modAgent = await signedInAgent(t, moderator.username);
        for (const path of ['/', '/mod/queue', '/questions']) {
          const res = await modAgent.get(path);
          expect(res.status).toBe(303);
          expect(res.headers.location).toBe('/settings/two-factor');
        }
        const enrolPage = await modAgent.get('/settings/two-factor').expect(200);
        expect(enrolPage.text).toContain('Your role requires two-factor authentication.');
        // Their API tokens wait too, and no new token is handed out.
        const { token } = await t.app.get(TokensService).issue(moderator, 'made before the rule');
        const api = await request(t.http).get('/api/v1/tokens').set('Authorization', `Bearer ${token}`);
        expect(api.status).toBe(403);
        expect(api.body.message).toContain('two-factor');
        const exchange = await request(t.http).post('/api/v1/tokens').send({ username: moderator.username, password: PASSWORD });
        expect(exchange.status).toBe(403);

        // Members are not affected.
        await (await signedInAgent(t, member.username)).get('/questions').expect(200);

        await enrolTwoFactor(modAgent);
        await modAgent.get('/mod/queue').expect(200);
      } finally {
        await t.db.query('UPDATE sign_in_settings SET staff_two_factor_required = false');
      }
    });

    it('need a second factor from the last 10 minutes to create an API token', async () => {
      const agentUser = await createUser(t, { role: 'agent' });
      const { secret } = await enrolTwoFactor(await signedInAgent(t, agentUser.username));
      const { agent } = await passwordStep(t, agentUser.username);
      await forgetUsedSteps(t, agentUser.id);
      expect((await codeStep(agent, currentCode(secret))).status).toBe(302);

      // Fresh: just signed in with the code.
      let page = await agent.get('/settings/tokens').expect(200);
      expect(page.text).not.toContain('name="code"');
      await agent.post('/settings/tokens').type('form').send({ name: 'fresh', _csrf: csrfTokenFrom(page.text) }).expect(201);

      // Eleven minutes later.
      await t.db.query(`UPDATE session SET sess = (sess::jsonb || jsonb_build_object('secondFactorAt', $1::bigint))::json WHERE sess::jsonb->'passport'->>'user' = $2`, [Date.now() - 11 * 60_000, String(agentUser.id)]);
      page = await agent.get('/settings/tokens').expect(200);
      expect(page.text).toContain('name="code"');
      const stale = await agent.post('/settings/tokens').type('form').send({ name: 'stale', _csrf: csrfTokenFrom(page.text) });
      expect(stale.status).toBe(401);
      expect(stale.text).toContain('Staff tokens need a second factor from the last 10 minutes.');
      const wrong = await agent.post('/settings/tokens').type('form').send({ name: 'stale', code: '000000', _csrf: csrfTokenFrom(page.text) });
      expect(wrong.status).toBe(401);
      await forgetUsedSteps(t, agentUser.id);
      await agent.post('/settings/tokens').type('form').send({ name: 'stale', code: currentCode(secret), _csrf: csrfTokenFrom(page.text) }).expect(201);
      expect(await securityEvents(t, agentUser.id, 'token-created')).toBe(2);

      // The API's password exchange asks for the code too.
      const noCode = await request(t.http).post('/api/v1/tokens').send({ username: agentUser.username, password: PASSWORD });
      expect(noCode.status).toBe(401);
      await forgetUsedSteps(t, agentUser.id);
      const withCode = await request(t.http).post('/api/v1/tokens').send({ username: agentUser.username, password: PASSWORD, code: currentCode(secret) });
      expect(withCode.status).toBe(201);
    });

    it('members create tokens without a code', async () => {
      const member = await createUser(t);
      const agent = await signedInAgent(t, member.username);
      const page = await agent.get('/settings/tokens').expect(200);
      expect(page.text).not.toContain('name="code"');
      await agent.post('/settings/tokens').type('form').send({ name: 'mine', _csrf: csrfTokenFrom(page.text) }).expect(201);
    });
  });
});
