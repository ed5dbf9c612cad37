import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

/** Finding 1 (hostile input reached a 500) and finding 4 (/API/v1 with a session cookie). */
describe('the input-hygiene layer', () => {
  let t: TestApp;
  let token: string;
  let username: string;
  let questionId: number;
  let answerId: number;
  const api = (method: 'get' | 'post' | 'patch', path: string) => request(t.http)[method](path).set('Authorization', `Bearer ${token}`);
  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    const user = await createUser(t, { reputation: 2000 });
    username = user.username;
    token = await tokenFor(t, username);
    const question = await askQuestion(t, user, { tags: ['abc'] });
    questionId = question.id;
    answerId = (await postAnswer(t, await createUser(t), questionId)).id;
  });
  afterAll(() => t.close());

  it('answers an id beyond int4 with a 404 on API and page id routes, never a 500', async () => {
    for (const path of ['/api/v1/questions/2147483648', '/api/v1/answers/99999999999', '/api/v1/articles/2147483648', '/questions/2147483648', '/api/v1/questions/1e20']) {
      const res = await request(t.http).get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const api404 = await request(t.http).get('/api/v1/questions/2147483648');
    expect(api404.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    // A write to an impossible id: 404 too, and nothing written.
    const before = await count('posts');
    await api('post', '/api/v1/questions/2147483648/answers').send({ body: 'An answer to a question that cannot exist.' }).expect(404);
    expect(await count('posts')).toBe(before);
  });

  it('answers page=1e20 and other out-of-range page numbers with a 400 naming the parameter', async () => {
    for (const path of ['/questions?page=1e20', '/api/v1/questions?page=1e20', '/kb?page=1e20', '/api/v1/articles?page=1e20', '/tags/abc?page=1e20', '/api/v1/questions?page=99999999999', '/users?page=1e20']) {
      const res = await request(t.http).get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.text).toContain('page');
    }
    const res = await request(t.http).get('/api/v1/questions?page=1e20').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, fields: { page: [expect.stringContaining('page must be a whole number')] } });
  });

  it('refuses a NUL byte in the address, the query and every text field with a 400 naming the field', async () => {
    for (const path of ['/api/v1/search?q=a%00b', '/search?q=a%00b', '/api/v1/search/similar?title=a%00b']) {
      const res = await request(t.http).get(path);
      expect([path, res.status]).toEqual([path, 400]);
    }
    // In the address itself: nothing lives there.
    for (const path of ['/users/ada%00x', '/tags/abc%00', '/api/v1/users/ada%00x']) {
      const res = await request(t.http).get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const search = await request(t.http).get('/api/v1/search?q=a%00b').expect(400);
    expect(search.body).toMatchObject({ statusCode: 400, fields: { q: ['q contains a NUL character.'] } });

    const before = await count('posts');
    const answer = await api('post', `/api/v1/questions/${questionId}/answers`).send({ body: 'An answer with a NUL \u0000 inside it, long enough.' }).expect(400);
    expect(answer.body.fields).toEqual({ body: ['body contains a NUL character.'] });
    await api('post', '/api/v1/questions').send({ title: 'A title with a NUL \u0000 in it', body: 'A body that is long enough for a question.', tags: ['x'] }).expect(400);
    await api('post', '/api/v1/questions').send({ title: 'A title without trouble at all', body: 'A body that is long enough for a question.', tags: ['x\u0000'] }).expect(400);
    await api('post', `/api/v1/questions/${questionId}/comments`).send({ body: 'A comment \u0000' }).expect(400);
    await api('patch', `/api/v1/answers/${answerId}`).send({ body: 'An edit with a NUL \u0000 inside it, long enough.' }).expect(400);
    await api('post', `/api/v1/answers/${answerId}/flags`).send({ reason: 'other', note: 'a note \u0000' }).expect(400);
    await api('post', '/api/v1/tokens').send({ username, password: 'x', name: 'token \u0000' }).expect(400);
    expect(await count('posts')).toBe(before);

    // The same on a page form: the form comes back with the message beside the field.
    const agent = await signedInAgent(t, username);
    const page = await agent.post('/questions').type('form').send({ _csrf: await csrfOf(agent, '/questions/ask'), title: 'A page title with NUL \u0000', body: 'A body that is long enough for a question.', tags: 'x' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('title contains a NUL character.');
    expect(await count('posts')).toBe(before);
  });

  it('refuses an unpaired UTF-16 surrogate in JSON strings with a 400 naming the field', async () => {
    const before = await count('users');
    const res = await request(t.http)
      .post('/api/v1/users')
      .set('Content-Type', 'application/json')
      .send('{"username": "surrogate", "email": "\\ud800", "password": "a long enough password"}')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, fields: { email: ['email is not well-formed Unicode.'] } });
    // A well-formed pair is fine (it is one character).
    await request(t.http).get('/api/v1/search?q=%F0%9F%98%80').expect(200);
    expect(await count('users')).toBe(before);
  });

  it('refuses deeply nested JSON under the body limit, and bodies with too many fields, before validation', async () => {
    const deep = await request(t.http).post('/api/v1/users').set('Content-Type', 'application/json').send('['.repeat(50_000) + ']'.repeat(50_000)).expect(400);
    expect(deep.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('nested') });
    const nestedField = await api('post', '/api/v1/questions').set('Content-Type', 'application/json').send(`{"title": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`).expect(400);
    expect(nestedField.body.statusCode).toBe(400);
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, 1]));
    await request(t.http).post('/api/v1/users').send(wide).expect(400);
  });

  it('refuses field names every object inherits (toString, valueOf, __proto__) with a 400, where a number conversion threw a 500', async () => {
    const admin = await tokenFor(t, (await createUser(t, { role: 'admin' })).username);
    const rules = await request(t.http).put('/api/v1/reputation/rules').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send('{"flagMinReputation": {"toString": []}}').expect(400);
    expect(rules.body).toMatchObject({ statusCode: 400, fields: { 'flagMinReputation.(field name)': ['flagMinReputation.(field name) is a reserved name (toString).'] } });
    await api('post', '/api/v1/questions').set('Content-Type', 'application/json').send('{"title": "A question title long enough", "__proto__": {"admin": true}}').expect(400);
    const page = await api('get', '/api/v1/questions?page=1').expect(200);
    expect(page.body.items).toBeDefined();
  });

  it('answers a corrupt gzip body with a 400', async () => {
    const corrupt = gzipSync(Buffer.from('{"username": "gz", "email": "gz@example.test", "password": "long password"}')).subarray(0, 20);
    const res = await request(t.http).post('/api/v1/users').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize((b) => b).send(corrupt).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    // A well-formed gzip body still works.
    const good = gzipSync(Buffer.from(JSON.stringify({ username: 'gzipped', email: 'gzipped@example.test', password: 'a long enough password' })));
    // (serialize: superagent would otherwise JSON-encode the Buffer.)
    await request(t.http).post('/api/v1/users').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize((b) => b).send(good).expect(201);
  });

  it('answers a broken %-escape in the address with a 400, not a 500', async () => {
    await request(t.http).get('/users/%E0%A4%A').expect(400);
    await request(t.http).get('/api/v1/users/%ED%A0%80').expect(400);
  });

  it('never lets a session cookie reach the API, whatever the case of /api (finding 4)', async () => {
    const agent = await signedInAgent(t, username);
    await agent.get('/settings/tokens').expect(200); // the cookie works on pages
    for (const path of ['/API/v1/me', '/Api/V1/me', '/api/v1/me']) {
      const res = await agent.get(path);
      expect([path, res.status]).toEqual([path, 401]);
      expect(res.body).toMatchObject({ statusCode: 401 });
      expect(JSON.stringify(res.body)).not.toContain('@example.test');
    }
  });
});
