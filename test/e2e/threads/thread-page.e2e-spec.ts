import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { ViewCounter } from '../../../src/threads/view-counter.js';

describe('the thread page', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('redirects a missing or wrong slug to the canonical URL', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Printer shows offline on Windows 11' });
    const canonical = `/questions/${question.id}/printer-shows-offline-on-windows-11`;
    const bare = await request(t.http).get(`/questions/${question.id}`).expect(301);
    expect(bare.headers.location).toBe(canonical);
    const wrong = await request(t.http).get(`/questions/${question.id}/old-title`).expect(301);
    expect(wrong.headers.location).toBe(canonical);
    const page = await request(t.http).get(canonical).expect(200);
    expect(page.text).toContain(`<link rel="canonical" href="http://127.0.0.1`);
    expect(page.text).toContain(`${canonical}">`);
    expect(page.text).toContain('<title>Printer shows offline on Windows 11 · AnswerBase</title>');
    expect(page.text).toMatch(/<meta name="description" content="I tried the settings page/);
  });

  it('orders answers accepted first, then by score, then oldest first', async () => {
    const asker = await createUser(t);
    const [a, b, c, d] = [await createUser(t), await createUser(t), await createUser(t), await createUser(t)];
    const question = await askQuestion(t, asker);
    const first = await postAnswer(t, a, question.id);
    const second = await postAnswer(t, b, question.id);
    const third = await postAnswer(t, c, question.id);
    const fourth = await postAnswer(t, d, question.id);
    await t.db.query('UPDATE posts SET score = 5 WHERE id = $1', [third.id]);
    await t.db.query('UPDATE posts SET score = 2 WHERE id IN ($1, $2)', [second.id, fourth.id]);
    await acceptAnswer(t, asker, first.id);

    const api = await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200);
    expect(api.body.answers.map((x: { id: number }) => x.id)).toEqual([first.id, third.id, second.id, fourth.id]);
    expect(api.body).toMatchObject({ acceptedAnswerId: first.id, solved: true });
    expect(api.body.answers[0]).toMatchObject({ id: first.id, accepted: true, score: 0, author: { username: a.username }, bodyHtml: expect.stringContaining('<p>') });

    const page = await request(t.http).get(`/questions/${question.id}/${question.slug}`).expect(200);
    const order = [...page.text.matchAll(/id="answer-(\d+)"/g)].map((m) => Number(m[1]));
    expect(order).toEqual([first.id, third.id, second.id, fourth.id]);
  });

  it('counts a view at most once per viewer per hour', async () => {
    const asker = await createUser(t);
    const reader = await createUser(t);
    const question = await askQuestion(t, asker);
    const url = `/questions/${question.id}/${question.slug}`;
    // Views are written in batches once a second; flushing stands in for the wait.
    const views = async () => {
      await t.app.get(ViewCounter).flush();
      return (await t.db.query('SELECT view_count FROM posts WHERE id = $1', [question.id]))[0].view_count;
    };

    const agent = await signedInAgent(t, reader.username);
    await agent.get(url).expect(200);
    await agent.get(url).expect(200);
    expect(await views()).toBe(1);

    await request(t.http).get(url).set('User-Agent', 'browser-a').expect(200);
    await request(t.http).get(url).set('User-Agent', 'browser-a').expect(200);
    await request(t.http).get(url).set('User-Agent', 'browser-b').expect(200);
    expect(await views()).toBe(3);

    await t.db.query(`UPDATE post_views SET viewed_at = now() - interval '61 minutes' WHERE post_id = $1`, [question.id]);
    await agent.get(url).expect(200);
    await Promise.all([agent.get(url), agent.get(url), agent.get(url)]);
    expect(await views()).toBe(4);
  });

  it('shows comments under each post, author cards with reputation, and the answer form to members', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, helper, question.id);
    const agent = await signedInAgent(t, asker.username);
    const url = `/questions/${question.id}/${question.slug}`;
    await agent.post(`/questions/${question.id}/comments`).type('form').send({ body: 'Which **version** are you on?', _csrf: await csrfOf(agent, url) }).expect(302);
    const res = await agent.post(`/answers/${answer.id}/comments`).type('form').send({ body: 'That fixed it, thanks!', _csrf: await csrfOf(agent, url) }).expect(302);
    expect(res.headers.location).toMatch(new RegExp(`^${url}#comment-\\d+$`));

    const page = await agent.get(url).expect(200);
    expect(page.text).toContain('Which <strong>version</strong> are you on?');
    expect(page.text).toContain('That fixed it, thanks!');
    expect(page.text).toContain(`<a href="/users/${helper.username}" class="author-name">${helper.username}</a>`);
    expect(page.text).toContain('<label for="body">Your answer</label>');

    const anonymous = await request(t.http).get(url).expect(200);
    expect(anonymous.text).not.toContain('name="_csrf"');
    expect(anonymous.text).toContain(`<a href="/login?next=${url}">Log in</a>`);
    expect(anonymous.headers['set-cookie']).toBeUndefined();

    const thread = await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200);
    expect(thread.body.comments.map((c: { body: string }) => c.body)).toEqual(['Which **version** are you on?']);
    expect(thread.body.answers[0].comments.map((c: { body: string }) => c.body)).toEqual(['That fixed it, thanks!']);
  });

  it('refuses empty and overlong comments, and comments by anonymous users', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const token = await tokenFor(t, asker.username);
    const empty = await request(t.http).post(`/api/v1/questions/${question.id}/comments`).set('Authorization', `Bearer ${token}`).send({ body: '  ' }).expect(400);
    expect(empty.body.message).toEqual(['Comments are 1 to 600 characters long.']);
    await request(t.http).post(`/api/v1/questions/${question.id}/comments`).set('Authorization', `Bearer ${token}`).send({ body: 'x'.repeat(601) }).expect(400);
    await request(t.http).post(`/api/v1/questions/${question.id}/comments`).send({ body: 'hello' }).expect(401);
    const ok = await request(t.http).post(`/api/v1/questions/${question.id}/comments`).set('Authorization', `Bearer ${token}`).send({ body: 'x'.repeat(600) }).expect(201);
    expect(ok.body.body).toHaveLength(600);
  });

  it('publishes schema.org QAPage data with the accepted and top answers', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Structured data </script> check' });
    const answer = await postAnswer(t, helper, question.id, 'Reset the spooler service and re-add the printer from Settings.');
    await postAnswer(t, helper, question.id);
    await acceptAnswer(t, asker, answer.id);
    const page = await request(t.http).get(`/questions/${question.id}/${question.slug}`).expect(200);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.text)?.[1];
    expect(json).toBeDefined();
    const data = JSON.parse(json!);
    expect(data['@type']).toBe('QAPage');
    expect(data.mainEntity).toMatchObject({
      '@type': 'Question',
      name: 'Structured data </script> check',
      answerCount: 2,
      acceptedAnswer: { '@type': 'Answer', text: 'Reset the spooler service and re-add the printer from Settings.', author: { name: helper.username } },
    });
    expect(data.mainEntity.suggestedAnswer).toHaveLength(1);
  });

  it('answers unknown and non-numeric ids with 404, on pages and API (a word where an id belongs names nothing)', async () => {
    await request(t.http).get('/questions/999999/anything').expect(404);
    await request(t.http).get('/questions/999999').expect(404);
    await request(t.http).get('/api/v1/questions/999999').expect(404);
    await request(t.http).get('/api/v1/answers/999999').expect(404);
    await request(t.http).get('/api/v1/questions/abc').expect(404);
    await request(t.http).get('/questions/abc/def').expect(404);
    const user = await createUser(t);
    const token = await tokenFor(t, user.username);
    await request(t.http).post('/api/v1/questions/999999/answers').set('Authorization', `Bearer ${token}`).send({ body: 'An answer long enough to be accepted by validation.' }).expect(404);
    await request(t.http).post('/api/v1/answers/999999/accept').set('Authorization', `Bearer ${token}`).expect(404);
    await request(t.http).patch('/api/v1/answers/abc').set('Authorization', `Bearer ${token}`).send({ body: 'An answer long enough to be accepted by validation.' }).expect(404);
  });
});
