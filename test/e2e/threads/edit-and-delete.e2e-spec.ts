import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

describe('editing, revisions and soft delete', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('keeps every revision and shows what changed', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Original title of my question', tags: ['alpha'] });
    const agent = await signedInAgent(t, asker.username);
    const url = `/questions/${question.id}/${question.slug}`;
    const editPage = await agent.get(`${url}/edit`).expect(200);
    expect(editPage.text).toContain('value="Original title of my question"');

    const res = await agent
      .post(`${url}/edit`)
      .type('form')
      .send({ title: 'Improved title of my question', body: question.body + ' Also on version 2.', tags: 'alpha beta', summary: 'clarified version', _csrf: await csrfOf(agent, url) })
      .expect(302);
    expect(res.headers.location).toBe(`/questions/${question.id}/improved-title-of-my-question`);

    const token = await tokenFor(t, asker.username);
    await request(t.http).patch(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${token}`).send({ body: question.body + ' Also on version 3.' }).expect(200);
    // An edit that changes nothing records nothing.
    await request(t.http).patch(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${token}`).send({ tags: ['beta', 'alpha'] }).expect(200);

    const revisions = (await request(t.http).get(`/api/v1/questions/${question.id}/revisions`).expect(200)).body;
    expect(revisions.map((r: { number: number }) => r.number)).toEqual([3, 2, 1]);
    expect(revisions[2]).toMatchObject({ original: true, title: 'Original title of my question', tags: ['alpha'] });
    expect(revisions[1]).toMatchObject({ summary: 'clarified version', tagsChanged: true, editor: { username: asker.username } });

    const page = await request(t.http).get(`/questions/${question.id}/improved-title-of-my-question/revisions`).expect(200);
    expect(page.text).toContain('<del>Original</del>');
    expect(page.text).toContain('<ins>Improved</ins>');
    expect(page.text).toContain('<del>2</del><ins>3</ins>');
    expect(page.text).toContain('“clarified version”');
  });

  it('re-renders the edit form with messages on bad input', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const agent = await signedInAgent(t, asker.username);
    const url = `/questions/${question.id}/${question.slug}`;
    const res = await agent.post(`${url}/edit`).type('form').send({ title: 'short', body: question.body, tags: 'ok', _csrf: await csrfOf(agent, url) }).expect(400);
    expect(res.text).toContain('Titles are 15 to 150 characters long.');
    expect(res.text).toContain('<h1>Edit question</h1>');
    expect(res.text).toContain('value="short"');
  });

  it("refuses to edit or delete another member's post with 403", async () => {
    const asker = await createUser(t);
    const stranger = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, asker, question.id);
    const token = await tokenFor(t, stranger.username);
    const edit = await request(t.http).patch(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${token}`).send({ title: 'A hijacked question title' }).expect(403);
    expect(edit.body.message).toBe('You can edit only your own posts until you have 1000 reputation.');
    await request(t.http).patch(`/api/v1/answers/${answer.id}`).set('Authorization', `Bearer ${token}`).send({ body: 'A hijacked answer that is long enough to pass.' }).expect(403);
    await request(t.http).delete(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${token}`).expect(403);
    await request(t.http).delete(`/api/v1/answers/${answer.id}`).set('Authorization', `Bearer ${token}`).expect(403);

    const agent = await signedInAgent(t, stranger.username);
    const url = `/questions/${question.id}/${question.slug}`;
    await agent.get(`${url}/edit`).expect(403);
    await agent.post(`/questions/${question.id}/delete`).type('form').send({ _csrf: await csrfOf(agent, url) }).expect(403);
    const page = await agent.get(url).expect(200);
    expect(page.text).not.toContain(`href="${url}/edit"`);
  });

  it('sends anonymous writers to log in (pages) or answers 401 (API)', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, asker, question.id);
    for (const path of [`/questions/${question.id}/answers`, `/answers/${answer.id}/accept`, `/questions/${question.id}/delete`, `/answers/${answer.id}/edit`]) {
      const res = await request(t.http).post(path).type('form').send({ body: 'x' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
    await request(t.http).post(`/api/v1/questions/${question.id}/answers`).send({ body: 'An anonymous answer long enough to pass.' }).expect(401);
    await request(t.http).patch(`/api/v1/questions/${question.id}`).send({ title: 'Anonymous edit attempt here' }).expect(401);
    await request(t.http).delete(`/api/v1/answers/${answer.id}`).expect(401);
    await request(t.http).post(`/api/v1/answers/${answer.id}/accept`).expect(401);
  });

  it('soft-deletes: gone for members, lists and counts, still visible (marked) to moderators', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const moderator = await createUser(t, { role: 'moderator' });
    const tag = `gone-${Date.now()}`;
    const question = await askQuestion(t, asker, { tags: [tag] });
    const answer = await postAnswer(t, helper, question.id);
    const helperToken = await tokenFor(t, helper.username);
    await request(t.http).delete(`/api/v1/answers/${answer.id}`).set('Authorization', `Bearer ${helperToken}`).expect(204);

    let api = await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200);
    expect(api.body.answers).toEqual([]);
    expect(api.body.answerCount).toBe(0);
    await request(t.http).get(`/api/v1/answers/${answer.id}`).expect(404);

    const askerToken = await tokenFor(t, asker.username);
    await request(t.http).delete(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${askerToken}`).expect(204);
    await request(t.http).get(`/api/v1/questions/${question.id}`).expect(404);
    await request(t.http).get(`/questions/${question.id}/${question.slug}`).expect(404);
    const list = await request(t.http).get(`/api/v1/questions?tag=${tag}`).expect(200);
    expect(list.body.items).toEqual([]);
    const member = await signedInAgent(t, helper.username);
    await member.get(`/questions/${question.id}/${question.slug}`).expect(404);

    const mod = await signedInAgent(t, moderator.username);
    const page = await mod.get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(page.text).toContain('This question is deleted or hidden: only moderators can see it.');
    expect(page.text).toContain('<span class="badge badge-removed">Deleted</span>');
    const modToken = await tokenFor(t, moderator.username);
    api = await request(t.http).get(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${modToken}`).expect(200);
    expect(api.body.deleted).toBe(true);
    expect(api.body.answers[0]).toMatchObject({ id: answer.id, deleted: true });
  });

  it('does not let the author delete an accepted answer', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, helper, question.id);
    await acceptAnswer(t, asker, answer.id);
    const token = await tokenFor(t, helper.username);
    const res = await request(t.http).delete(`/api/v1/answers/${answer.id}`).set('Authorization', `Bearer ${token}`).expect(422);
    expect(res.body.message).toBe('An accepted answer cannot be deleted by its author.');
    await request(t.http).get(`/api/v1/answers/${answer.id}`).expect(200);
  });

  it('keeps answer revisions with a revisions page', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, asker, question.id, 'First version of the answer, long enough.');
    const agent = await signedInAgent(t, asker.username);
    await agent.get(`/answers/${answer.id}/edit`).expect(200);
    await agent.post(`/answers/${answer.id}/edit`).type('form').send({ body: 'Second version of the answer, long enough.', _csrf: await csrfOf(agent, `/answers/${answer.id}/edit`) }).expect(302);
    const page = await request(t.http).get(`/answers/${answer.id}/revisions`).expect(200);
    expect(page.text).toContain('<del>First</del>');
    expect(page.text).toContain('<ins>Second</ins>');
    const api = await request(t.http).get(`/api/v1/answers/${answer.id}`).expect(200);
    expect(api.body.body).toBe('Second version of the answer, long enough.');
    expect(api.body.editedAt).not.toBeNull();
  });
});
