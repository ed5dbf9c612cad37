import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { httpReceiver, type HttpReceiver } from '../../support/http-receiver.js';
import { smtpCapture, closeServer } from '../../support/smtp-capture.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { drainUntil, signed, verifies } from './support.js';

describe('escalation to a helpdesk ticket and back', () => {
  let t: TestApp;
  let helpdesk: HttpReceiver;
  let capture: Awaited<ReturnType<typeof smtpCapture>>;
  let admin: string;
  let agentUser: Awaited<ReturnType<typeof createUser>>;
  let agent: string;
  let secret: string;
  beforeAll(async () => {
    helpdesk = await httpReceiver();
    capture = await smtpCapture();
    t = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'true', SMTP_URL: `smtp://127.0.0.1:${capture.port}`, PUBLIC_URL: 'https://community.example.test' });
    admin = await tokenFor(t, (await createUser(t, { role: 'admin' })).username);
    agentUser = await createUser(t, { role: 'agent' });
    agent = await tokenFor(t, agentUser.username);
  });
  afterAll(async () => {
    await t.close();
    await helpdesk.close();
    await closeServer(capture.server);
  });

  const as = (token: string) => ({
    post: (path: string) => request(t.http).post(path).set('Authorization', `Bearer ${token}`),
    put: (path: string) => request(t.http).put(path).set('Authorization', `Bearer ${token}`),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`),
  });

  async function connectWebhook() {
    const res = await as(admin).put('/api/v1/integrations/helpdesk').send({ mode: 'webhook', url: `${helpdesk.url}/tickets` }).expect(200);
    if (res.body.connector.secret) secret = res.body.connector.secret;
    return res.body.connector;
  }

  const resolve = (ref: string, payload: { body: string; header: string }) =>
    request(t.http).post(`/api/v1/integrations/tickets/${ref}/resolved`).set('Content-Type', 'application/json').set('AnswerBase-Signature', payload.header).send(payload.body);

  it('refuses to escalate before a helpdesk is connected, and only staff may escalate', async () => {
    const question = await askQuestion(t, await createUser(t));
    const early = await as(agent).post(`/api/v1/questions/${question.id}/escalate`).expect(422);
    expect(early.body.message).toMatch(/No helpdesk is connected/);
    await connectWebhook();
    const member = await tokenFor(t, (await createUser(t)).username);
    await as(member).post(`/api/v1/questions/${question.id}/escalate`).expect(403);
    await as(agent).post('/api/v1/questions/999999/escalate').expect(404);
  });

  it('escalates by webhook: a signed ticket with a callback; staff see the ticket, the asker only that support is on it', async () => {
    const connector = await connectWebhook();
    expect(connector.mode).toBe('webhook');
    helpdesk.replyBody = JSON.stringify({ ticketUrl: 'https://helpdesk.example.test/tickets/981' });
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'My invoices page shows an error 500' });
    const res = await as(agent).post(`/api/v1/questions/${question.id}/escalate`).expect(201);
    expect(res.body).toMatchObject({ ref: `AB-${question.id}`, status: 'open', via: 'webhook' });
    await as(agent).post(`/api/v1/questions/${question.id}/escalate`).expect(409);
    await drainUntil(t, () => helpdesk.requests.some((r) => r.path === '/tickets' && r.body.includes(`AB-${question.id}`)));

    const ticket = helpdesk.requests.find((r) => r.path === '/tickets' && r.body.includes(`AB-${question.id}`))!;
    expect(verifies(secret, ticket.headers['answerbase-signature'] as string, ticket.body)).toBe(true);
    expect(JSON.parse(ticket.body)).toMatchObject({
      event: 'ticket.requested', ref: `AB-${question.id}`, subject: 'My invoices page shows an error 500',
      asker: { username: asker.username, email: asker.email },
      callbackUrl: `https://community.example.test/api/v1/integrations/tickets/AB-${question.id}/resolved`,
    });

    const staffView = await as(agent).get(`/api/v1/questions/${question.id}/escalation`).expect(200);
    expect(staffView.body.escalation).toMatchObject({ ref: `AB-${question.id}`, sent: true, ticketUrl: 'https://helpdesk.example.test/tickets/981' });

    const staffPage = await (await signedInAgent(t, agentUser.username)).get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(staffPage.text).toContain(`AB-${question.id}`);
    expect(staffPage.text).toContain('https://helpdesk.example.test/tickets/981');
    const askerPage = await (await signedInAgent(t, asker.username)).get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(askerPage.text).toContain('Our support team is looking into this');
    expect(askerPage.text).not.toContain(`AB-${question.id}`);
    expect(askerPage.text).not.toContain('Escalate to support');
  });

  it('shows members the escalation at once, though the thread page they read before was shared with their audience', async () => {
    await connectWebhook();
    const question = await askQuestion(t, await createUser(t), { title: 'Export to CSV leaves out the last row' });
    const path = `/questions/${question.id}/${question.slug}`;
    const readers: Awaited<ReturnType<typeof signedInAgent>>[] = [];
    for (let i = 0; i < 2; i++) {
      const reader = await signedInAgent(t, (await createUser(t, { reputation: 300 })).username);
      await reader.get('/settings/account').expect(200); // the welcome flash
      readers.push(reader);
    }
    const read = (reader: (typeof readers)[number]) => reader.get(path).set('Host', 'community.example.test');
    await read(readers[0]!).expect(200);
    const shared = await read(readers[1]!).expect(200);
    expect(shared.headers['x-cache']).toBe('shared');
    expect(shared.text).not.toContain('Our support team is looking into this');

    await as(agent).post(`/api/v1/questions/${question.id}/escalate`).expect(201);
    await drainUntil(t, async () => (await read(readers[1]!)).text.includes('Our support team is looking into this'));
    expect((await read(readers[1]!).expect(200)).text).toContain('Our support team is looking into this');
  });

  it('takes the resolution only with a good signature; refuses bad, stale and replayed ones; the agent publishes it verified', async () => {
    await connectWebhook();
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Two-factor codes are always rejected' });
    await as(agent).post(`/api/v1/questions/${question.id}/escalate`).expect(201);
    await drainJobs(t);
    const ref = `AB-${question.id}`;
    const resolution = { resolution: 'Your phone clock had drifted. Turn on automatic time in the phone settings, then request a new code.' };

    expect((await resolve(ref, signed('whsec_wrong-secret', resolution))).status).toBe(401);
    expect((await resolve(ref, { body: JSON.stringify(resolution), header: '' })).status).toBe(401);
    const tampered = signed(secret, resolution);
    expect((await resolve(ref, { body: tampered.body.replace('clock', 'battery'), header: tampered.header })).status).toBe(401);
    const stale = await resolve(ref, signed(secret, resolution, new Date(Date.now() - 3600_000)));
    expect(stale.status).toBe(401);
    expect(stale.body.message).toMatch(/expired/);
    expect((await as(agent).get(`/api/v1/questions/${question.id}/escalation`)).body.escalation.status).toBe('open');

    const good = signed(secret, resolution);
    const ok = await resolve(ref, good).expect(200);
    expect(ok.body).toEqual({ ref, status: 'resolved' });
    const replay = await resolve(ref, good);
    expect(replay.status).toBe(401);
    expect(replay.body.message).toMatch(/replayed/);
    expect((await resolve('AB-0', signed(secret, { resolution: 'For a ticket that does not exist.' }))).status).toBe(404);

    const draft = await as(agent).get(`/api/v1/questions/${question.id}/escalation`).expect(200);
    expect(draft.body.escalation).toMatchObject({ status: 'resolved', resolution: resolution.resolution });
    await drainJobs(t);
    const notes = await as(agent).get('/api/v1/notifications').expect(200);
    expect(notes.body.items.some((n: { text: string }) => n.text.includes(`Support resolved ticket ${ref}`))).toBe(true);

    // The agent edits the draft and publishes it through the thread page's form.
    const browser = await signedInAgent(t, agentUser.username);
    const page = await browser.get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(page.text).toContain('Publish as verified answer');
    const edited = `${resolution.resolution} (If that does not help, reply here.)`;
    await browser.post(`/escalations/${ref}/publish`).type('form').send({ body: edited, _csrf: await csrfOf(browser, `/questions/${question.id}/${question.slug}`) }).expect(302);

    const thread = await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200);
    const answer = thread.body.answers.find((a: { body: string }) => a.body === edited);
    expect(answer).toBeDefined();
    expect(answer.verified).toBe(true);
    await as(agent).post(`/api/v1/escalations/${ref}/publish`).send({ body: edited }).expect(409);
    expect((await resolve(ref, signed(secret, { resolution: 'again' }))).status).toBe(409);

    const askerPage = await (await signedInAgent(t, asker.username)).get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(askerPage.text).toContain('phone clock had drifted');
    expect(askerPage.text).toContain('Verified by support');
    expect(askerPage.text).not.toContain('Our support team is looking into this');

    const insights = await as(agent).get('/api/v1/insights/support?window=7').expect(200);
    expect(insights.body.escalations.escalated).toBeGreaterThanOrEqual(2);
    expect(insights.body.escalations.resolved).toBeGreaterThanOrEqual(1);
    expect(insights.body.escalations.medianHoursToEscalation).toBeGreaterThanOrEqual(0);
    expect(insights.body.escalations.medianHoursToResolution).toBeGreaterThanOrEqual(0);
  });

  it('escalates by e-mail to the intake address when the connector says so', async () => {
    const saved = await as(admin).put('/api/v1/integrations/helpdesk').send({ mode: 'email', intakeEmail: 'intake@helpdesk.example.test' }).expect(200);
    expect(saved.body.connector).toMatchObject({ mode: 'email', intakeEmail: 'intake@helpdesk.example.test' });
    expect(saved.body.connector.secret).toBeUndefined();
    const question = await askQuestion(t, await createUser(t), { title: 'Cannot change my billing address' });
    await as(agent).post(`/api/v1/questions/${question.id}/escalate`).expect(201);
    await drainUntil(t, () => capture.messages.some((m) => m.to.includes('intake@helpdesk.example.test')));
    const mail = capture.messages.find((m) => m.to.includes('intake@helpdesk.example.test'))!;
    expect(mail.data).toContain(`AB-${question.id}`);
    expect(mail.data).toContain(`/api/v1/integrations/tickets/AB-${question.id}/resolved`);
    expect((await as(agent).get(`/api/v1/questions/${question.id}/escalation`)).body.escalation).toMatchObject({ via: 'email', sent: true });
  });

  it('does not escalate a solved thread', async () => {
    const asker = await createUser(t);
    const solved = await askQuestion(t, asker);
    const answer = await postAnswer(t, await createUser(t), solved.id);
    await acceptAnswer(t, asker, answer.id);
    await as(agent).post(`/api/v1/questions/${solved.id}/escalate`).expect(422);
  });
});
