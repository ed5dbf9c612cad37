import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { promoted } from '../knowledge/support.js';

const DRAFT = 'Try **restarting** the `sync` job.\n\n<script>alert(1)</script>\n\n[docs](javascript:alert(2))';

/** The Preview button of every Markdown form: the form comes back as typed, rendered below, nothing saved. */
describe('Markdown preview on the writing forms', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const count = async (type: string) => Number((await t.db.query('SELECT count(*)::int AS n FROM posts WHERE type = $1', [type]))[0].n);

  function expectRenderedSafely(html: string): void {
    const preview = html.slice(html.indexOf('id="markdown-preview"'));
    expect(preview).toContain('<strong>restarting</strong>');
    expect(preview).toContain('<code>sync</code>');
    expect(preview).not.toContain('<script>');
    expect(preview).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/id="markdown-preview"[^>]*hidden/);
  }

  it('offers a Preview button and formatting help beside the editor', async () => {
    const agent = await signedInAgent(t, (await createUser(t)).username);
    const page = await agent.get('/questions/ask').expect(200);
    expect(page.text).toContain('name="intent" value="preview"');
    expect(page.text).toContain('<summary>Formatting help</summary>');
    expect(page.text).toMatch(/id="markdown-preview"[^>]*hidden/);
  });

  it('previews a question through the sanitiser and keeps the draft, even one too short to post; nothing is saved', async () => {
    const agent = await signedInAgent(t, (await createUser(t)).username);
    const before = await count('question');
    const res = await agent
      .post('/questions')
      .type('form')
      .send({ title: 'Short', body: DRAFT, tags: 'sync', intent: 'preview', _csrf: await csrfOf(agent, '/questions/ask') })
      .expect(200);
    expectRenderedSafely(res.text);
    expect(res.text).toContain('<h1>Ask a question</h1>');
    expect(res.text).toContain('value="Short"');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // the source, back in the textarea as text
    expect(await count('question')).toBe(before);
  });

  it('previews answers, edits and knowledge-base articles the same way', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const agent = await signedInAgent(t, author.username);
    const threadUrl = `/questions/${question.id}/${question.slug}`;
    const answers = await count('answer');

    const onAnswer = await agent.post(`/questions/${question.id}/answers`).type('form').send({ body: DRAFT, intent: 'preview', _csrf: await csrfOf(agent, threadUrl) }).expect(200);
    expectRenderedSafely(onAnswer.text);
    expect(await count('answer')).toBe(answers);

    const onEdit = await agent.post(`/answers/${answer.id}/edit`).type('form').send({ body: DRAFT, intent: 'preview', _csrf: await csrfOf(agent, threadUrl) }).expect(200);
    expectRenderedSafely(onEdit.text);
    expect(onEdit.text).toContain('<h1>Edit answer</h1>');
    const [{ body }] = await t.db.query('SELECT body FROM posts WHERE id = $1', [answer.id]);
    expect(body).toBe(answer.body);

    const staff = await createUser(t, { role: 'agent' });
    const { article } = await promoted(t, staff);
    const staffPage = await signedInAgent(t, staff.username);
    const editUrl = `/kb/articles/${article.id}/edit`;
    const onArticle = await staffPage.post(editUrl).type('form').send({ title: article.title, body: DRAFT, category: 'general', intent: 'preview', _csrf: await csrfOf(staffPage, editUrl) }).expect(200);
    expectRenderedSafely(onArticle.text);
    expect(onArticle.text).toContain('<h1>Edit article</h1>');
  });

  it('keeps the rules of the form it belongs to: CSRF, signing in, ownership', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const agent = await signedInAgent(t, author.username);
    const forged = await agent.post('/questions').type('form').send({ title: 'x', body: DRAFT, tags: 'x', intent: 'preview', _csrf: 'forged' }).expect(403);
    expect(forged.text).not.toContain('<strong>restarting</strong>');
    const anonymous = await request(t.http).post('/questions').type('form').send({ body: DRAFT, intent: 'preview' });
    expect([302, 303, 403]).toContain(anonymous.status);
    expect(anonymous.text).not.toContain('<strong>restarting</strong>');
    // A preview shows only what was typed: it reads nothing of the post it would edit, and saves nothing.
    const stranger = await signedInAgent(t, (await createUser(t)).username);
    const refused = await stranger.post(`/answers/${answer.id}/edit`).type('form').send({ body: DRAFT, intent: 'preview', _csrf: await csrfOf(stranger, '/questions') });
    expect(refused.text).not.toContain(answer.body);
    const [{ body }] = await t.db.query('SELECT body FROM posts WHERE id = $1', [answer.id]);
    expect(body).toBe(answer.body);
  });
});
