import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

describe('acceptance and verification', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('lets the asker accept, replace and unaccept; the question counts as solved everywhere', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const tag = `solved-${Date.now()}`;
    const question = await askQuestion(t, asker, { tags: [tag] });
    const first = await postAnswer(t, helper, question.id);
    const second = await postAnswer(t, helper, question.id);
    const token = await tokenFor(t, asker.username);

    let res = await request(t.http).post(`/api/v1/answers/${first.id}/accept`).set(bearer(token)).expect(200);
    expect(res.body).toEqual({ questionId: question.id, acceptedAnswerId: first.id });
    // A replay changes nothing.
    await request(t.http).post(`/api/v1/answers/${first.id}/accept`).set(bearer(token)).expect(200);
    res = await request(t.http).post(`/api/v1/answers/${second.id}/accept`).set(bearer(token)).expect(200);
    expect(res.body.acceptedAnswerId).toBe(second.id);
    let thread = (await request(t.http).get(`/api/v1/questions/${question.id}`)).body;
    expect(thread.answers.filter((a: { accepted: boolean }) => a.accepted).map((a: { id: number }) => a.id)).toEqual([second.id]);
    expect((await request(t.http).get(`/api/v1/questions?tag=${tag}&solved=yes`)).body.items).toHaveLength(1);

    await request(t.http).delete(`/api/v1/answers/${first.id}/accept`).set(bearer(token)).expect(200); // not the accepted one: no change
    thread = (await request(t.http).get(`/api/v1/questions/${question.id}`)).body;
    expect(thread.acceptedAnswerId).toBe(second.id);
    await request(t.http).delete(`/api/v1/answers/${second.id}/accept`).set(bearer(token)).expect(200);
    thread = (await request(t.http).get(`/api/v1/questions/${question.id}`)).body;
    expect(thread).toMatchObject({ acceptedAnswerId: null, solved: false });
    expect((await request(t.http).get(`/api/v1/questions?tag=${tag}&solved=no`)).body.items).toHaveLength(1);
  });

  it("refuses acceptance on someone else's question with 403", async () => {
    const asker = await createUser(t);
    const other = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, other, question.id);
    const token = await tokenFor(t, other.username);
    const res = await request(t.http).post(`/api/v1/answers/${answer.id}/accept`).set(bearer(token)).expect(403);
    expect(res.body.message).toBe('Only the person who asked can accept an answer.');
    const agent = await signedInAgent(t, other.username);
    await agent.post(`/answers/${answer.id}/accept`).type('form').send({ _csrf: await csrfOf(agent) }).expect(403);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`)).body.acceptedAnswerId).toBeNull();
  });

  it('lets an agent or moderator mark the solution when the asker has not, and never override the asker', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const agentUser = await createUser(t, { role: 'agent' });
    const moderator = await createUser(t, { role: 'moderator' });
    const question = await askQuestion(t, asker);
    const first = await postAnswer(t, helper, question.id);
    const second = await postAnswer(t, helper, question.id);

    const staff = await signedInAgent(t, agentUser.username);
    const url = `/questions/${question.id}/${question.slug}`;
    const page = await staff.get(url).expect(200);
    expect(page.text).toContain('Accept this answer');
    await staff.post(`/answers/${first.id}/accept`).type('form').send({ _csrf: await csrfOf(staff, url) }).expect(302);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`)).body).toMatchObject({ acceptedAnswerId: first.id, solved: true });

    // Staff may change a staff-marked solution; the asker may replace it.
    const modToken = await tokenFor(t, moderator.username);
    await request(t.http).post(`/api/v1/answers/${second.id}/accept`).set(bearer(modToken)).expect(200);
    const askerToken = await tokenFor(t, asker.username);
    await request(t.http).post(`/api/v1/answers/${first.id}/accept`).set(bearer(askerToken)).expect(200);
    const refused = await request(t.http).post(`/api/v1/answers/${second.id}/accept`).set(bearer(modToken)).expect(403);
    expect(refused.body.message).toBe('The asker has already accepted an answer.');
    await request(t.http).delete(`/api/v1/answers/${first.id}/accept`).set(bearer(modToken)).expect(403);
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`)).body.acceptedAnswerId).toBe(first.id);
  });

  it('keeps at most one accepted answer when accepts race', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const question = await askQuestion(t, asker);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postAnswer(t, helper, question.id)));
    const token = await tokenFor(t, asker.username);
    const results = await Promise.all(
      answers.flatMap((answer) => [
        request(t.http).post(`/api/v1/answers/${answer.id}/accept`).set(bearer(token)),
        request(t.http).delete(`/api/v1/answers/${answer.id}/accept`).set(bearer(token)),
      ]),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const thread = (await request(t.http).get(`/api/v1/questions/${question.id}`)).body;
    const accepted = thread.answers.filter((a: { accepted: boolean }) => a.accepted);
    expect(accepted.length).toBeLessThanOrEqual(1);
    expect(thread.acceptedAnswerId ?? null).toBe(accepted[0]?.id ?? null);
  });

  it('lets support staff mark an answer verified, shown on the answer and in lists; members cannot', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const agentUser = await createUser(t, { role: 'agent' });
    const tag = `verified-${Date.now()}`;
    const question = await askQuestion(t, asker, { tags: [tag] });
    const answer = await postAnswer(t, helper, question.id);

    const memberToken = await tokenFor(t, asker.username);
    const refused = await request(t.http).post(`/api/v1/answers/${answer.id}/verify`).set(bearer(memberToken)).expect(403);
    expect(refused.body.message).toBe('Only support staff can verify answers.');

    const staffToken = await tokenFor(t, agentUser.username);
    await request(t.http).post(`/api/v1/answers/${answer.id}/verify`).set(bearer(staffToken)).expect(200);
    expect((await request(t.http).get(`/api/v1/answers/${answer.id}`)).body.verified).toBe(true);
    expect((await request(t.http).get(`/api/v1/questions?tag=${tag}`)).body.items[0].verified).toBe(true);
    const page = await request(t.http).get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(page.text).toContain('<span class="badge badge-verified">Verified by support</span>');
    // Verification is separate from acceptance.
    expect((await request(t.http).get(`/api/v1/questions/${question.id}`)).body.solved).toBe(false);

    await request(t.http).delete(`/api/v1/answers/${answer.id}/verify`).set(bearer(staffToken)).expect(200);
    expect((await request(t.http).get(`/api/v1/questions?tag=${tag}`)).body.items[0].verified).toBe(false);
  });
});
