import request from 'supertest';
import { askQuestion, postAnswer, acceptAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

const BODY = 'My router drops the connection every few minutes after the firmware update.';

describe('asking and browsing questions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('asks through the page and lands on the thread at its canonical URL', async () => {
    const member = await createUser(t);
    const agent = await signedInAgent(t, member.username);
    const res = await agent
      .post('/questions')
      .type('form')
      .send({ title: 'Router drops Wi-Fi after update', body: BODY, tags: 'Networking  firmware, networking', _csrf: await csrfOf(agent, '/questions/ask') })
      .expect(302);
    expect(res.headers.location).toMatch(/^\/questions\/\d+\/router-drops-wi-fi-after-update$/);
    const page = await agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('<h1 id="question-title">Router drops Wi-Fi after update</h1>');
    expect(page.text).toContain('href="/tags/networking"');
    expect(page.text).toContain('href="/tags/firmware"');
    expect(page.text).toContain('Your question is posted.');
  });

  it.each([
    ['a short title', { title: 'Too short' }, 'title', 'Titles are 15 to 150 characters long.'],
    ['a 151-character title', { title: 'x'.repeat(151) }, 'title', 'Titles are 15 to 150 characters long.'],
    ['a short body', { body: 'short body' }, 'body', 'The body is 30 to 30,000 characters long.'],
    ['a 30,001-character body', { body: 'x'.repeat(30_001) }, 'body', 'The body is 30 to 30,000 characters long.'],
    ['no tags', { tags: '' }, 'tags', 'Add at least one tag.'],
    ['6 tags', { tags: 'a b c d e f' }, 'tags', 'Use at most 5 tags.'],
    ['a tag with _', { tags: 'good bad_tag' }, 'tags', 'Tags use lower-case letters, digits and -, up to 35 characters each.'],
    ['a 36-character tag', { tags: 'x'.repeat(36) }, 'tags', 'Tags use lower-case letters, digits and -, up to 35 characters each.'],
  ])('re-renders the ask form for %s with a message, and writes nothing', async (_case, override, field, message) => {
    const member = await createUser(t);
    const agent = await signedInAgent(t, member.username);
    const fields = { title: 'A perfectly fine question title', body: BODY, tags: 'setup', ...override };
    const res = await agent.post('/questions').type('form').send({ ...fields, _csrf: await csrfOf(agent, '/questions/ask') }).expect(400);
    expect(res.text).toContain(`id="${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain('<h1>Ask a question</h1>');
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM posts WHERE author_id = $1', [member.id]);
    expect(count).toBe(0);
  });

  it('sends anonymous askers to log in; the API answers 401', async () => {
    const page = await request(t.http).get('/questions/ask').expect(303);
    expect(page.headers.location).toBe('/login?next=%2Fquestions%2Fask');
    await request(t.http).post('/api/v1/questions').send({ title: 'A perfectly fine question title', body: BODY, tags: ['x'] }).expect(401);
  });

  it('creates through the API with 201 and the question in the body', async () => {
    const member = await createUser(t);
    const token = await tokenFor(t, member.username);
    const res = await request(t.http)
      .post('/api/v1/questions')
      .set('Authorization', `Bearer ${token}`)
      .send({ title: 'How do I export invoices as CSV?', body: 'I need all of last year’s invoices in a spreadsheet.', tags: ['billing', 'export'] })
      .expect(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), title: 'How do I export invoices as CSV?', tags: ['billing', 'export'], answers: [], solved: false, acceptedAnswerId: null });
    const bad = await request(t.http).post('/api/v1/questions').set('Authorization', `Bearer ${token}`).send({ title: 'short', tags: ['a', 'b', 'c', 'd', 'e', 'f'] }).expect(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['body', 'tags', 'title']);
  });

  it('renders Markdown safely: no raw HTML, no javascript: links, links marked nofollow ugc', async () => {
    const member = await createUser(t);
    const question = await askQuestion(t, member, {
      body: [
        'Steps: <script>alert("x")</script> <img src=x onerror=alert(1)>',
        '[click me](javascript:alert(1)) and [docs](https://example.com/docs)',
        '```js\nconst a = "<b>";\n```',
        '# A heading',
      ].join('\n\n'),
    });
    const page = await request(t.http).get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toMatch(/<img[^>]*onerror/);
    expect(page.text).not.toContain('href="javascript:');
    expect(page.text).toContain('&lt;script&gt;');
    expect(page.text).toContain('<a href="https://example.com/docs" rel="nofollow ugc noopener">docs</a>');
    expect(page.text).toContain('<code class="language-js">const a = "&lt;b&gt;";');
    expect(page.text).toContain('<h2>A heading</h2>');
    expect(page.text.match(/<h1[\s>]/g)).toHaveLength(1);
  });

  it('lists by newest, active, unanswered and top, and filters by tag and solved', async () => {
    const asker = await createUser(t);
    const helper = await createUser(t);
    const tag = `list-${Date.now()}`;
    const old = await askQuestion(t, asker, { title: 'Oldest question in this list', tags: [tag] });
    const middle = await askQuestion(t, asker, { title: 'Middle question in this list', tags: [tag] });
    const fresh = await askQuestion(t, asker, { title: 'Newest question in this list', tags: [tag] });
    await t.db.query(`UPDATE posts SET created_at = now() - interval '3 days', last_activity_at = now() - interval '3 days' WHERE id = $1`, [old.id]);
    await t.db.query(`UPDATE posts SET created_at = now() - interval '2 days', last_activity_at = now() - interval '2 days' WHERE id = $1`, [middle.id]);
    await t.db.query('UPDATE posts SET score = 7 WHERE id = $1', [middle.id]);
    const answer = await postAnswer(t, helper, old.id); // makes the oldest the most active
    await acceptAnswer(t, asker, answer.id);

    const ids = async (query: string) =>
      (await request(t.http).get(`/api/v1/questions?tag=${tag}&${query}`).expect(200)).body.items.map((q: { id: number }) => q.id);
    expect(await ids('sort=newest')).toEqual([fresh.id, middle.id, old.id]);
    expect(await ids('sort=active')).toEqual([old.id, fresh.id, middle.id]);
    expect(await ids('sort=unanswered')).toEqual([fresh.id, middle.id]);
    expect(await ids('sort=top')).toEqual([middle.id, fresh.id, old.id]);
    expect(await ids('solved=yes')).toEqual([old.id]);
    expect(await ids('solved=no')).toEqual([fresh.id, middle.id]);

    const page = await request(t.http).get(`/questions?tag=${tag}&sort=unanswered`).expect(200);
    expect(page.text).toContain('Newest question in this list');
    expect(page.text).not.toContain('Oldest question in this list');
    const tagPage = await request(t.http).get(`/tags/${tag}?solved=yes`).expect(200);
    expect(tagPage.text).toContain('Oldest question in this list');
    expect(tagPage.text).toContain('<span class="badge badge-solved">Solved</span>');
    expect(tagPage.text).not.toContain('Newest question in this list');
  });

  it('shows each row with score, answers, views, solved mark, tags, author and reputation', async () => {
    const asker = await createUser(t);
    const tag = `row-${Date.now()}`;
    const question = await askQuestion(t, asker, { title: 'A row with everything shown on it', tags: [tag] });
    const row = (await request(t.http).get(`/api/v1/questions?tag=${tag}`).expect(200)).body.items[0];
    expect(row).toMatchObject({ id: question.id, score: 0, answerCount: 0, viewCount: 0, solved: false, verified: false, tags: [tag], author: { username: asker.username, reputation: 1 } });
    const page = await request(t.http).get(`/tags/${tag}`).expect(200);
    expect(page.text).toContain(`<a href="/users/${asker.username}">${asker.username}</a> <span class="rep" title="reputation">1</span>`);
    expect(page.text).toMatch(/asked <time datetime="[^"]+">just now<\/time>/);
  });

  it('paginates lists with previous and next links', async () => {
    const asker = await createUser(t);
    const tag = `pages-${Date.now()}`;
    for (let i = 0; i < 31; i++) await askQuestion(t, asker, { tags: [tag] });
    const first = await request(t.http).get(`/api/v1/questions?tag=${tag}`).expect(200);
    expect(first.body.items).toHaveLength(30);
    expect(first.body.hasNext).toBe(true);
    const second = await request(t.http).get(`/api/v1/questions?tag=${tag}&page=2`).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.hasNext).toBe(false);
    const page = await request(t.http).get(`/tags/${tag}`).expect(200);
    expect(page.text.replaceAll('&#x3D;', '=')).toContain(`href="/tags/${tag}?page=2" rel="next"`);
    expect(page.text.slice(page.text.indexOf('pager'), page.text.indexOf('pager') + 200)).toContain('<span>Page 1</span>');
  });

  it('lists tags with their question counts', async () => {
    const asker = await createUser(t);
    const tag = `count-${Date.now()}`;
    await askQuestion(t, asker, { tags: [tag] });
    const second = await askQuestion(t, asker, { tags: [tag, `${tag}-b`] });
    let tags = (await request(t.http).get('/api/v1/tags').expect(200)).body.items;
    expect(tags.find((x: { name: string }) => x.name === tag).questionCount).toBe(2);
    await request(t.http).get('/tags').expect(200).expect((res) => expect(res.text).toContain(`href="/tags/${tag}"`));
    await t.app.get((await import('../../../src/threads/questions.service.js')).QuestionsService).delete(asker, second.id);
    tags = (await request(t.http).get('/api/v1/tags').expect(200)).body.items;
    expect(tags.find((x: { name: string }) => x.name === tag).questionCount).toBe(1);
    await request(t.http).get('/tags/no-such-tag').expect(404);
  });

  it('refuses bad list parameters with a 400, never a 500', async () => {
    await request(t.http).get('/api/v1/questions?sort=random').expect(400);
    await request(t.http).get('/api/v1/questions?tag=Bad%20Tag').expect(400);
    await request(t.http).get('/api/v1/questions?page=0').expect(400);
    await request(t.http).get('/api/v1/questions?page=abc').expect(400);
    await request(t.http).get('/questions?solved=maybe').expect(400);
    // The filter form sends its untouched fields empty: that means "not given".
    await request(t.http).get('/questions?sort=&tag=&solved=').expect(200);
  });
});
