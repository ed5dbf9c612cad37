import request from 'supertest';
import { PastTargetSweep } from '../../../src/insights/past-target.sweep.js';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { httpReceiver, type HttpReceiver } from '../../support/http-receiver.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { drainUntil, verifies } from './support.js';

describe('outbound webhooks', () => {
  let t: TestApp;
  let receiver: HttpReceiver;
  let admin: string;
  beforeAll(async () => {
    receiver = await httpReceiver();
    t = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_PAUSE_AFTER_FAILURES: '3' });
    const user = await createUser(t, { role: 'admin' });
    admin = await tokenFor(t, user.username);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.script = {};
    receiver.fallback = 200;
  });

  const api = () => ({
    post: (path: string) => request(t.http).post(path).set('Authorization', `Bearer ${admin}`),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${admin}`),
  });

  async function register(path: string, events: string[]) {
    const res = await api().post('/api/v1/webhooks').send({ url: `${receiver.url}${path}`, events }).expect(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    return res.body as { id: number; secret: string };
  }

  it('signs each delivery over its timestamp and body, and sends only the events the endpoint chose', async () => {
    const endpoint = await register('/signed', ['question.asked']);
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Where do I find the export button?' });
    await postAnswer(t, await createUser(t), question.id);
    await drainUntil(t, () => receiver.requests.some((r) => r.path === '/signed'));
    await drainJobs(t);

    const mine = receiver.requests.filter((r) => r.path === '/signed');
    expect(mine).toHaveLength(1);
    const [delivery] = mine;
    expect(delivery!.headers['answerbase-event']).toBe('question.asked');
    expect(verifies(endpoint.secret, delivery!.headers['answerbase-signature'] as string, delivery!.body)).toBe(true);
    expect(verifies('whsec_someone-else', delivery!.headers['answerbase-signature'] as string, delivery!.body)).toBe(false);
    expect(verifies(endpoint.secret, delivery!.headers['answerbase-signature'] as string, delivery!.body.replace('export', 'import'))).toBe(false);
    const payload = JSON.parse(delivery!.body);
    expect(payload).toMatchObject({ event: 'question.asked', data: { questionId: question.id, title: 'Where do I find the export button?', author: asker.username } });
    expect(payload.data.url).toContain(`/questions/${question.id}/`);
  });

  it('announces a question once when it passes its response target unanswered, and not one that was solved', async () => {
    await register('/past-target', ['question.past-target']);
    const asker = await createUser(t);
    const waiting = await askQuestion(t, asker, { title: 'Nobody answered my question about exports' });
    const solved = await askQuestion(t, asker, { title: 'My question about imports got solved' });
    const answer = await postAnswer(t, await createUser(t), solved.id);
    await acceptAnswer(t, asker, answer.id);
    await drainJobs(t);
    const sweep = t.app.get(PastTargetSweep);
    await sweep.sweep();
    await drainJobs(t);
    expect(receiver.requests.filter((r) => r.path === '/past-target')).toEqual([]); // not yet past the 24-hour target

    await t.db.query(`UPDATE insights_question_facts SET asked_at = now() - interval '25 hours' WHERE question_id = ANY($1)`, [[waiting.id, solved.id]]);
    await sweep.sweep();
    await drainUntil(t, () => receiver.requests.some((r) => r.path === '/past-target'));
    await sweep.sweep(); // seen again five minutes later: still one delivery
    await drainJobs(t);
    const deliveries = receiver.requests.filter((r) => r.path === '/past-target').map((r) => JSON.parse(r.body));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: 'question.past-target', data: { questionId: waiting.id, targetHours: 24 } });
  });

  it('retries after a 500, stops after the first success, and logs every try', async () => {
    const endpoint = await register('/flaky', ['question.answered']);
    receiver.script = { '/flaky': [500, 500] };
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, await createUser(t), question.id);
    await drainUntil(t, () => receiver.requests.filter((r) => r.path === '/flaky').length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await drainJobs(t);

    const tries = receiver.requests.filter((r) => r.path === '/flaky');
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(tries[0]!.body).data.answerId).toBe(answer.id);

    const log = await api().get(`/api/v1/webhooks/${endpoint.id}/deliveries`).expect(200);
    expect(log.body.items).toHaveLength(1);
    const [logged] = log.body.items;
    expect(logged).toMatchObject({ event: 'question.answered', status: 'delivered', attempts: 3, lastStatusCode: 200 });
    expect(logged.tries.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(logged.tries.every((a: { durationMs: number }) => a.durationMs >= 0)).toBe(true);
    expect(log.body.endpoint).toMatchObject({ paused: false, consecutiveFailures: 0 });
  });

  it('redelivers a logged delivery on request, as a new try', async () => {
    const endpoint = await register('/again', ['question.asked']);
    await askQuestion(t, await createUser(t));
    await drainUntil(t, () => receiver.requests.some((r) => r.path === '/again'));
    const log = await api().get(`/api/v1/webhooks/${endpoint.id}/deliveries`).expect(200);
    const deliveryId = log.body.items[0].id as number;
    await api().post(`/api/v1/webhooks/deliveries/${deliveryId}/redeliver`).expect(202);
    await drainJobs(t);
    const again = receiver.requests.filter((r) => r.path === '/again');
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toBe(again[0]!.body);
    const after = await api().get(`/api/v1/webhooks/${endpoint.id}/deliveries`).expect(200);
    expect(after.body.items[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('pauses an endpoint that keeps failing, tells the admins, and sends it nothing more', async () => {
    const endpoint = await register('/down', ['question.asked']);
    receiver.script = { '/down': [503, 503, 503, 503, 503, 503, 503, 503, 503] };
    await askQuestion(t, await createUser(t));
    await drainUntil(t, async () => (await api().get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).body.endpoint.paused === true);
    await drainJobs(t);
    const log = await api().get(`/api/v1/webhooks/${endpoint.id}/deliveries`).expect(200);
    expect(log.body.endpoint).toMatchObject({ paused: true, consecutiveFailures: 3 });
    expect(log.body.items[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(receiver.requests.filter((r) => r.path === '/down')).toHaveLength(3);

    const notes = await request(t.http).get('/api/v1/notifications').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(notes.body.items.some((n: { text: string; url: string }) => n.text.includes('paused') && n.url === `/admin/webhooks/${endpoint.id}`)).toBe(true);

    // Paused: new events are not even logged for it, and nothing reaches it.
    receiver.script = {};
    await askQuestion(t, await createUser(t));
    await drainJobs(t);
    await drainJobs(t);
    expect(receiver.requests.filter((r) => r.path === '/down')).toHaveLength(3);
    expect((await api().get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).body.items).toHaveLength(1);

    // Resumed, it receives the next event again.
    await api().post(`/api/v1/webhooks/${endpoint.id}/resume`).expect(200);
    await askQuestion(t, await createUser(t));
    await drainUntil(t, () => receiver.requests.filter((r) => r.path === '/down').length === 4);
    expect(receiver.requests.filter((r) => r.path === '/down')).toHaveLength(4);
  });

  it('is for admins only, and refuses bad input with a clear 400', async () => {
    const member = await tokenFor(t, (await createUser(t)).username);
    await request(t.http).post('/api/v1/webhooks').set('Authorization', `Bearer ${member}`).send({ url: `${receiver.url}/x`, events: ['question.asked'] }).expect(403);
    await request(t.http).get('/api/v1/webhooks').expect(401);
    const bad = await api().post('/api/v1/webhooks').send({ url: 'ftp://example.com/hook', events: ['question.asked'] }).expect(400);
    expect(String(bad.body.message)).toMatch(/http/);
    await api().post('/api/v1/webhooks').send({ url: 'https://example.com/hook', events: ['no.such-event'] }).expect(400);
    await api().post('/api/v1/webhooks').send({ url: 'https://example.com/hook', events: [] }).expect(400);
    await api().post('/api/v1/webhooks').send({ url: 'https://user:pw@example.com/hook', events: ['question.asked'] }).expect(400);
  });

  it('has admin pages: register through the form, see the log', async () => {
    const adminUser = await createUser(t, { role: 'admin' });
    const agent = await signedInAgent(t, adminUser.username);
    const page = await agent.get('/admin/webhooks').expect(200);
    expect(page.text).toContain('Register an endpoint');
    await agent.post('/admin/webhooks').type('form').send({ url: `${receiver.url}/form`, events: 'answer.accepted', _csrf: await csrfOf(agent, '/admin/webhooks') }).expect(302);
    const after = await agent.get('/admin/webhooks').expect(200);
    expect(after.text).toContain('signing secret, shown only now: whsec_');
    expect(after.text).toContain(`${receiver.url}/form`);
    const invalid = await agent.post('/admin/webhooks').type('form').send({ url: 'nonsense', events: 'answer.accepted', _csrf: await csrfOf(agent, '/admin/webhooks') });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('http');
    const member = await signedInAgent(t, (await createUser(t)).username);
    await member.get('/admin/webhooks').expect(403);
  });
});

describe('outbound webhooks without WEBHOOKS_ALLOW_PRIVATE', () => {
  let t: TestApp;
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await httpReceiver();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('refuses private, loopback and link-local targets (server-side request forgery)', async () => {
    const admin = await tokenFor(t, (await createUser(t, { role: 'admin' })).username);
    for (const url of [receiver.url, 'http://localhost:8080/x', 'http://10.1.2.3/x', 'http://192.168.0.10/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:9000/x', 'http://0.0.0.0/x']) {
      const res = await request(t.http).post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ url, events: ['question.asked'] });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(String(res.body.message)).toMatch(/Private and loopback addresses are refused/);
    }
    await request(t.http).put('/api/v1/integrations/helpdesk').set('Authorization', `Bearer ${admin}`).send({ mode: 'webhook', url: `${receiver.url}/tickets` }).expect(400);
    expect(receiver.requests).toHaveLength(0);
  });
});
