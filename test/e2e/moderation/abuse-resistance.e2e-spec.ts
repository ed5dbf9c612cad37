import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, startTestApp, type TestApp } from '../../support/test-app.js';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { ModerationJobsScheduler } from '../../../src/moderation/moderation.jobs.js';
import { SerialVotingService } from '../../../src/moderation/serial-voting.service.js';
import { apiAs, logFor, memberWithToken, reputationOf } from './moderation-helpers.js';

const question = (n: number) => ({ title: `A new member question number ${n} here`, body: 'This body is long enough to be the body of a question.', tags: ['limits'] });
const links = (count: number) => `Please see these pages for details: ${Array.from({ length: count }, (_, i) => `[page ${i}](https://example.com/${i})`).join(' ')}.`;

describe('abuse resistance, with rate limits on', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' })));
  afterAll(() => t.close());

  it('lets a new member ask one question per 10 minutes; established members and staff are not limited', async () => {
    const newcomer = await memberWithToken(t, { reputation: 9 });
    await apiAs(t, newcomer.token).post('/questions', question(1)).expect(201);
    const res = await apiAs(t, newcomer.token).post('/questions', question(2)).expect(429);
    expect(res.body.message).toMatch(/^New members can ask one question every 10 minutes\. Please wait \d+ seconds and try again\.$/);

    const established = await memberWithToken(t, { reputation: 10 });
    for (const n of [3, 4]) await apiAs(t, established.token).post('/questions', question(n)).expect(201);
    const agent = await memberWithToken(t, { role: 'agent' });
    for (const n of [5, 6]) await apiAs(t, agent.token).post('/questions', question(n)).expect(201);
  });

  it('lets a new member put at most 2 links in a post; established members and staff may put more', async () => {
    const asker = await createUser(t, { reputation: 50 });
    const target = await askQuestion(t, asker);
    const newcomer = await memberWithToken(t);
    const api = apiAs(t, newcomer.token);
    const tooMany = await api.post('/questions', { ...question(7), body: links(3) }).expect(400);
    expect(tooMany.body.fields.body).toEqual(['New members may include at most 2 links in a post; this one has 3. Earn 10 reputation to lift the limit.']);
    await api.post(`/questions/${target.id}/answers`, { body: links(3) }).expect(400);
    await api.post(`/questions/${target.id}/answers`, { body: links(2) }).expect(201);
    const own = await askQuestion(t, newcomer.user);
    await api.patch(`/questions/${own.id}`, { body: links(4) }).expect(400);

    const moderator = await memberWithToken(t, { role: 'moderator' });
    await apiAs(t, moderator.token).post(`/questions/${target.id}/answers`, { body: links(5) }).expect(201);
    const established = await memberWithToken(t, { reputation: 10 });
    await apiAs(t, established.token).post(`/questions/${target.id}/answers`, { body: links(5) }).expect(201);
  });

  it('limits comments to 6 a minute for everyone, staff included', async () => {
    const moderator = await memberWithToken(t, { role: 'moderator' });
    const target = await askQuestion(t, await createUser(t));
    const api = apiAs(t, moderator.token);
    for (let i = 0; i < 6; i++) await api.post(`/questions/${target.id}/comments`, { body: `Comment ${i}` }).expect(201);
    const res = await api.post(`/questions/${target.id}/comments`, { body: 'One too many' }).expect(429);
    expect(res.body.message).toMatch(/^You are commenting too fast\. Please wait \d+ seconds and try again\.$/);
  });

  it('limits votes to 30 a minute', async () => {
    const author = await createUser(t);
    const target = await askQuestion(t, author);
    const voter = await memberWithToken(t, { reputation: 200 });
    const api = apiAs(t, voter.token);
    for (let i = 0; i < 30; i++) await api.post(`/questions/${target.id}/vote`, { value: i % 2 === 0 ? 1 : 0 }).expect(200);
    const res = await api.post(`/questions/${target.id}/vote`, { value: 1 }).expect(429);
    expect(res.body.message).toMatch(/^You are voting too fast\. Please wait \d+ seconds and try again\.$/);
  });
});

describe('abuse resistance, with rate limits off (RATE_LIMITS=off)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ RATE_LIMITS: 'off' })));
  afterAll(() => t.close());

  it('does not rate-limit new members, but still limits their links', async () => {
    const newcomer = await memberWithToken(t);
    for (const n of [1, 2, 3]) await apiAs(t, newcomer.token).post('/questions', question(n)).expect(201);
    await apiAs(t, newcomer.token).post('/questions', { ...question(4), body: links(3) }).expect(400);
  });
});

describe('the serial-voting sweep', () => {
  let t: TestApp;
  let modToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    modToken = (await memberWithToken(t, { role: 'moderator' })).token;
  });
  afterAll(() => t.close());

  it('reverses more than 10 votes from one voter to one author within 24 hours, restoring scores and reputation exactly', async () => {
    const author = await createUser(t);
    const asker = await createUser(t);
    const thread = await askQuestion(t, asker);
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await postAnswer(t, author, thread.id));
    const ownQuestion = await askQuestion(t, author);
    const fan = await memberWithToken(t, { reputation: 200 });
    const honest = await memberWithToken(t, { reputation: 200 });
    const api = apiAs(t, fan.token);

    for (const answer of answers.slice(0, 10)) await api.post(`/answers/${answer.id}/vote`, { value: 1 }).expect(200);
    await api.post(`/questions/${ownQuestion.id}/vote`, { value: 1 }).expect(200);
    // A vote from the same voter to someone else, and an honest voter's vote, stay.
    await api.post(`/questions/${thread.id}/vote`, { value: 1 }).expect(200);
    await apiAs(t, honest.token).post(`/answers/${answers[0]!.id}/vote`, { value: 1 }).expect(200);
    // A downvote counts too (and costs the voter 1 on an answer).
    await api.post(`/answers/${answers[10]!.id}/vote`, { value: -1 }).expect(200);
    expect(await reputationOf(t, author.id)).toBe(1 + 10 * 10 + 5 + 10 - 2);
    expect(await reputationOf(t, fan.user.id)).toBe(199);

    // The sweep runs as a job.
    await t.app.get(ModerationJobsScheduler).enqueueSweep();
    await drainJobs(t);

    expect(await reputationOf(t, author.id)).toBe(1 + 10);
    expect(await reputationOf(t, fan.user.id)).toBe(200);
    expect(await reputationOf(t, asker.id)).toBe(1 + 5);
    const scores = await Promise.all(answers.map(async (a) => (await request(t.http).get(`/api/v1/answers/${a.id}`).expect(200)).body.score));
    expect(scores).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect((await request(t.http).get(`/api/v1/questions/${ownQuestion.id}`).expect(200)).body.score).toBe(0);
    expect((await request(t.http).get(`/api/v1/questions/${thread.id}`).expect(200)).body.score).toBe(1);
    expect(await verifyReputation(t.app)).toMatchObject({ ok: true, lines: [] });

    const log = await logFor(t, modToken, 'user', fan.user.id);
    expect(log).toEqual([expect.objectContaining({ action: 'reverse-serial-votes', moderator: null, targetUser: fan.user.username, reason: "12 votes on one member's posts within 24 hours" })]);
    expect(log[0]!.details).toMatchObject({ authorId: author.id });

    // Running it again finds nothing new.
    expect((await t.app.get(SerialVotingService).sweep()).pairs).toEqual([]);
  });

  it('leaves 10 votes to one author alone', async () => {
    const author = await createUser(t);
    const thread = await askQuestion(t, await createUser(t));
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await postAnswer(t, author, thread.id));
    const fan = await memberWithToken(t, { reputation: 200 });
    for (const answer of answers) await apiAs(t, fan.token).post(`/answers/${answer.id}/vote`, { value: 1 }).expect(200);
    const report = await t.app.get(SerialVotingService).sweep();
    expect(report.pairs.filter((p) => p.voterId === fan.user.id)).toEqual([]);
    expect(await reputationOf(t, author.id)).toBe(101);
  });

  it('ignores votes older than 24 hours', async () => {
    const author = await createUser(t);
    const thread = await askQuestion(t, await createUser(t));
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await postAnswer(t, author, thread.id));
    const fan = await memberWithToken(t, { reputation: 200 });
    for (const answer of answers) await apiAs(t, fan.token).post(`/answers/${answer.id}/vote`, { value: 1 }).expect(200);
    const tomorrow = new Date(Date.now() + 25 * 3600 * 1000);
    const report = await t.app.get(SerialVotingService).sweep(tomorrow);
    expect(report.pairs.filter((p) => p.voterId === fan.user.id)).toEqual([]);
    expect((await t.app.get(SerialVotingService).sweep()).pairs).toEqual([expect.objectContaining({ voterId: fan.user.id, authorId: author.id, reversed: 11 })]);
  });
});
