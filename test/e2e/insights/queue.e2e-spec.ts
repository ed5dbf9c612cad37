import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { DAY, HOUR, fixClock, resetClock } from '../../support/clock.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { setCreatedAt } from './insights-support.js';

describe('the unanswered queue', () => {
  let t: TestApp;
  let NOW: Date;
  let agent: Awaited<ReturnType<typeof createUser>>;
  let agentToken: string;
  let otherToken: string;
  let memberToken: string;
  let adminToken: string;
  const queue = async (token: string, tag = 'queue-x') =>
    (await request(t.http).get(`/api/v1/agent/queue?tag=${tag}`).set('Authorization', `Bearer ${token}`).expect(200)).body.items as { questionId: number; claimedBy: string | null }[];

  beforeAll(async () => {
    t = await startTestApp();
    NOW = fixClock();
    agent = await createUser(t, { role: 'agent' });
    const other = await createUser(t, { role: 'agent' });
    const member = await createUser(t);
    const admin = await createUser(t, { role: 'admin' });
    [agentToken, otherToken, memberToken, adminToken] = await Promise.all([tokenFor(t, agent.username), tokenFor(t, other.username), tokenFor(t, member.username), tokenFor(t, admin.username)]);
  });
  afterAll(async () => {
    resetClock();
    await t.close();
  });

  it('includes a question exactly when it passes the target, oldest first', async () => {
    const asker = await createUser(t);
    const justIn = await askQuestion(t, asker, { tags: ['queue-x'] });
    const notYet = await askQuestion(t, asker, { tags: ['queue-x'] });
    const older = await askQuestion(t, asker, { tags: ['queue-x'] });
    await setCreatedAt(t, justIn.id, new Date(NOW.getTime() - 24 * HOUR));
    await setCreatedAt(t, notYet.id, new Date(NOW.getTime() - 24 * HOUR + 1000));
    await setCreatedAt(t, older.id, new Date(NOW.getTime() - 3 * DAY));
    await drainJobs(t);
    expect((await queue(agentToken)).map((i) => i.questionId)).toEqual([older.id, justIn.id]);

    // One second later the other one passes its target too.
    fixClock(new Date(NOW.getTime() + 1000));
    expect((await queue(agentToken)).map((i) => i.questionId)).toEqual([older.id, justIn.id, notYet.id]);
    fixClock(NOW);
  });

  it('drops a question with an answer scored above 0, and counts a tag’s own target', async () => {
    const asker = await createUser(t);
    const voter = await createUser(t, { reputation: 100 });
    const q = await askQuestion(t, asker, { tags: ['queue-y'] });
    await setCreatedAt(t, q.id, new Date(NOW.getTime() - 3 * HOUR));
    await drainJobs(t);
    expect(await queue(agentToken, 'queue-y')).toEqual([]);
    await request(t.http).put('/api/v1/insights/targets/queue-y').set('Authorization', `Bearer ${adminToken}`).send({ hours: 2 }).expect(200);
    await request(t.http).put('/api/v1/insights/targets/queue-y').set('Authorization', `Bearer ${agentToken}`).send({ hours: 2 }).expect(403);
    expect((await queue(agentToken, 'queue-y')).map((i) => i.questionId)).toEqual([q.id]);

    const answer = await postAnswer(t, asker, q.id);
    await drainJobs(t);
    expect((await queue(agentToken, 'queue-y')).map((i) => i.questionId)).toEqual([q.id]); // score 0 still waits
    const { VotesService } = await import('../../../src/votes/votes.service.js');
    await t.app.get(VotesService).cast(voter, 'answer', answer.id, 1);
    await drainJobs(t);
    expect(await queue(agentToken, 'queue-y')).toEqual([]);
  });

  it('lets an agent claim and release; others see who has it; the answer takes it out', async () => {
    const asker = await createUser(t);
    const q = await askQuestion(t, asker, { tags: ['queue-z'] });
    await setCreatedAt(t, q.id, new Date(NOW.getTime() - 2 * DAY));
    await drainJobs(t);
    const claim = (token: string, id: number | string = q.id) => request(t.http).post(`/api/v1/agent/queue/${id}/claim`).set('Authorization', `Bearer ${token}`);
    const release = (token: string) => request(t.http).post(`/api/v1/agent/queue/${q.id}/release`).set('Authorization', `Bearer ${token}`);

    expect((await claim(agentToken).expect(200)).body).toMatchObject({ questionId: q.id, claimedBy: agent.username, mine: true });
    await claim(agentToken).expect(200); // again: harmless
    expect((await queue(otherToken, 'queue-z'))[0]).toMatchObject({ questionId: q.id, claimedBy: agent.username });
    expect((await claim(otherToken).expect(409)).body.message).toContain(agent.username);
    await release(otherToken).expect(403);
    await release(agentToken).expect(200);
    expect((await queue(otherToken, 'queue-z'))[0]).toMatchObject({ claimedBy: null });

    await claim(agentToken).expect(200);
    await postAnswer(t, agent, q.id);
    await drainJobs(t);
    expect(await queue(otherToken, 'queue-z')).toEqual([]);
  });

  it('refuses members and bad input with clear 4xx', async () => {
    const asker = await createUser(t);
    const q = await askQuestion(t, asker, { tags: ['queue-w'] });
    await drainJobs(t);
    await request(t.http).get('/api/v1/agent/queue').set('Authorization', `Bearer ${memberToken}`).expect(403);
    await request(t.http).post(`/api/v1/agent/queue/${q.id}/claim`).set('Authorization', `Bearer ${memberToken}`).expect(403);
    await request(t.http).post(`/api/v1/agent/queue/${q.id}/claim`).set('Authorization', `Bearer ${agentToken}`).expect(422); // not past its target
    await request(t.http).post('/api/v1/agent/queue/abc/claim').set('Authorization', `Bearer ${agentToken}`).expect(404);
    await request(t.http).post('/api/v1/agent/queue/999999/claim').set('Authorization', `Bearer ${agentToken}`).expect(404);
    await request(t.http).get('/api/v1/agent/queue?tag=%3Cx%3E').set('Authorization', `Bearer ${agentToken}`).expect(400);
    await request(t.http).get('/api/v1/agent/queue').expect(401);
  });
});
