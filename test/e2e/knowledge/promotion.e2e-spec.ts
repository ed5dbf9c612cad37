import request from 'supertest';
import { JobQueue } from '../../../src/jobs/job-queue.js';
import { AnswersService } from '../../../src/threads/answers.service.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { answeredQuestion, reputationOf, type TestUser } from './support.js';

describe('promoting an answer to the knowledge base', () => {
  let t: TestApp;
  let agent: TestUser;
  let agentToken: string;
  const promotions: { articleId: number; answerId: number; authorId: number }[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    agent = await createUser(t, { role: 'agent' });
    agentToken = await tokenFor(t, agent.username);
    await t.app.get(JobQueue).subscribe<(typeof promotions)[number]>('knowledge.answer-promoted', async (job) => void promotions.push(job), 'test');
  });
  afterAll(() => t.close());

  const promote = (token: string, answerId: number) => request(t.http).post(`/api/v1/answers/${answerId}/promote`).set('Authorization', `Bearer ${token}`);

  it('lets agents, moderators and admins promote, and refuses members (403) and anonymous callers (401)', async () => {
    for (const role of ['agent', 'moderator', 'admin'] as const) {
      const staff = await createUser(t, { role });
      const { answer } = await answeredQuestion(t);
      const res = await promote(await tokenFor(t, staff.username), answer.id).expect(201);
      expect(res.body).toMatchObject({ articleId: expect.any(Number), slug: expect.stringMatching(/-\d+$/), created: true });
    }
    const member = await createUser(t);
    const { answer, question } = await answeredQuestion(t);
    const refused = await promote(await tokenFor(t, member.username), answer.id).expect(403);
    expect(refused.body.message).toBe('You do not have permission to do that.');
    await request(t.http).post(`/api/v1/answers/${answer.id}/promote`).expect(401);

    // The page form: a member is refused too, and nothing was written.
    const page = await signedInAgent(t, member.username);
    const url = `/questions/${question.id}/${question.slug}`;
    await page.post(`/answers/${answer.id}/promote`).type('form').send({ _csrf: await csrfOf(page, url) }).expect(403);
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM kb_articles WHERE source_answer_id = $1', [answer.id]);
    expect(count).toBe(0);
  });

  it('creates a draft from the question and the answer, credited to its author, with its provenance', async () => {
    const { question, answer, answerer } = await answeredQuestion(t, {
      title: 'How do I export my invoices as CSV?',
      tags: ['billing', 'export'],
      answer: 'Go to **Billing → Invoices**, pick the months, then choose *Export CSV*.',
    });
    // The answer is edited once before promotion: the article records revision 2.
    await t.app.get(AnswersService).edit(answerer, answer.id, { body: 'Go to **Billing → Invoices**, pick the months, then choose *Export as CSV*.' });

    const { body: created } = await promote(agentToken, answer.id).expect(201);
    const { body: article } = await request(t.http).get(`/api/v1/articles/${created.articleId}`).set('Authorization', `Bearer ${agentToken}`).expect(200);
    expect(article).toMatchObject({
      id: created.articleId,
      slug: created.slug,
      status: 'draft',
      title: 'How do I export my invoices as CSV?',
      body: 'Go to **Billing → Invoices**, pick the months, then choose *Export as CSV*.',
      category: 'billing',
      tags: ['billing', 'export'],
      author: { username: answerer.username },
      versionCount: 1,
      source: { questionId: question.id, answerId: answer.id, revision: 2, changed: false },
    });
    expect(article.bodyHtml).toContain('<strong>Billing → Invoices</strong>');

    // The agent's page shows the provenance and the credit, linking back to the thread.
    const page = await signedInAgent(t, agent.username);
    const html = (await page.get(`/kb/${created.slug}`).expect(200)).text;
    expect(html).toContain('Promoted from answer #' + answer.id + ', revision 2');
    expect(html).toContain(`Based on a community answer by <a href="/users/${answerer.username}">@${answerer.username}</a>`);
    expect(html).toContain(`href="/questions/${question.id}/${question.slug}#answer-${answer.id}"`);
    expect(html).toContain('This is a draft');
  });

  it('opens the existing article when the same answer is promoted again, and credits +25 exactly once', async () => {
    const { answer, answerer } = await answeredQuestion(t);
    const before = await reputationOf(t, answerer.id);
    const first = await promote(agentToken, answer.id).expect(201);
    const again = await promote(agentToken, answer.id).expect(200);
    expect(again.body).toEqual({ articleId: first.body.articleId, slug: first.body.slug, created: false });

    // A different staff member, through the page: redirected to the same article.
    const moderator = await createUser(t, { role: 'moderator' });
    const page = await signedInAgent(t, moderator.username);
    const res = await page.post(`/answers/${answer.id}/promote`).type('form').send({ _csrf: await csrfOf(page) }).expect(302);
    expect(res.headers.location).toBe(`/kb/${first.body.slug}`);
    expect((await page.get(res.headers.location).expect(200)).text).toContain('This answer is already an article: here it is.');

    expect(await reputationOf(t, answerer.id)).toBe(before + 25);
    const entries = await t.db.query(`SELECT amount, post_id AS "postId" FROM reputation_entries WHERE user_id = $1 AND reason = 'answer_promoted'`, [answerer.id]);
    expect(entries).toEqual([{ amount: 25, postId: answer.id }]);
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM kb_articles WHERE source_answer_id = $1', [answer.id]);
    expect(count).toBe(1);
    // Badges and notifications learn of it once, from one job.
    await drainJobs(t);
    expect(promotions.filter((job) => job.answerId === answer.id)).toEqual([expect.objectContaining({ articleId: first.body.articleId, authorId: answerer.id })]);
  });

  it('makes one article and one +25 when the same answer is promoted twice at once', async () => {
    const { answer, answerer } = await answeredQuestion(t);
    const before = await reputationOf(t, answerer.id);
    const results = await Promise.all([promote(agentToken, answer.id), promote(agentToken, answer.id), promote(agentToken, answer.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.articleId)).size).toBe(1);
    expect(await reputationOf(t, answerer.id)).toBe(before + 25);
  });

  it('refuses unknown, deleted and hidden answers with a clear 4xx and writes nothing', async () => {
    await promote(agentToken, 999_999).expect(404);
    await request(t.http).post('/api/v1/answers/not-a-number/promote').set('Authorization', `Bearer ${agentToken}`).expect(404);

    const deleted = await answeredQuestion(t);
    await t.app.get(AnswersService).delete(deleted.answerer, deleted.answer.id);
    expect((await promote(agentToken, deleted.answer.id).expect(404)).body.message).toBe('No such answer.');
    const admin = await createUser(t, { role: 'admin' });
    const adminToken = await tokenFor(t, admin.username);
    // Admins can see removed posts, and are told why they cannot promote one.
    expect((await promote(adminToken, deleted.answer.id).expect(422)).body.message).toBe('Deleted or hidden answers cannot be promoted.');

    const hidden = await answeredQuestion(t);
    // Hiding belongs to moderation, which has no service to call yet: set the mark directly.
    await t.db.query('UPDATE posts SET hidden_at = now() WHERE id = $1', [hidden.answer.id]);
    await promote(agentToken, hidden.answer.id).expect(404);
    await promote(adminToken, hidden.answer.id).expect(422);

    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM kb_articles WHERE source_answer_id = ANY($1)', [[deleted.answer.id, hidden.answer.id]]);
    expect(count).toBe(0);
    const entries = await t.db.query(`SELECT 1 FROM reputation_entries WHERE reason = 'answer_promoted' AND post_id = ANY($1)`, [[deleted.answer.id, hidden.answer.id]]);
    expect(entries).toEqual([]);
  });

  it('shows "Promote to knowledge base" to staff only, and on the thread that the answer became an article', async () => {
    const { question, answer } = await answeredQuestion(t);
    const url = `/questions/${question.id}/${question.slug}`;
    const staffPage = await signedInAgent(t, agent.username);
    expect((await staffPage.get(url).expect(200)).text).toContain(`action="/answers/${answer.id}/promote"`);
    const member = await createUser(t);
    const memberPage = await signedInAgent(t, member.username);
    expect((await memberPage.get(url).expect(200)).text).not.toContain('Promote to knowledge base');

    const res = await staffPage.post(`/answers/${answer.id}/promote`).type('form').send({ _csrf: await csrfOf(staffPage, url) }).expect(302);
    const articleUrl = res.headers.location as string;
    expect(articleUrl).toMatch(/^\/kb\/.+-\d+$/);
    // Staff see the draft mark; the promote button is gone.
    const staffThread = (await staffPage.get(url).expect(200)).text;
    expect(staffThread).toContain(`This answer became a knowledge base article (draft): <a href="${articleUrl}">`);
    expect(staffThread).not.toContain(`action="/answers/${answer.id}/promote"`);
    // Members see nothing of a draft, then the link once it is published.
    expect((await memberPage.get(url).expect(200)).text).not.toContain('became a knowledge base article');
    const articleId = Number(articleUrl.split('-').at(-1));
    await staffPage.post(`/kb/articles/${articleId}/publish`).type('form').send({ _csrf: await csrfOf(staffPage, articleUrl) }).expect(302);
    expect((await request(t.http).get(url).expect(200)).text).toContain(`This answer became a knowledge base article: <a href="${articleUrl}">`);
  });
});
