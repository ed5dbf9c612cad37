import request from 'supertest';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { PromotionService } from '../../../src/knowledge/promotion.service.js';
import { ThreadActionsService } from '../../../src/moderation/thread-actions.service.js';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

describe('notifications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Badges now notify too (a first question, a first answer…: see test/e2e/badges); these tests count the other kinds. */
  const dropBadgeNotices = () => t.db.query(`DELETE FROM notifications WHERE kind = 'badge'`);
  const list = async (token: string) => (await request(t.http).get('/api/v1/notifications').set('Authorization', `Bearer ${token}`).expect(200)).body;

  it('tells each member what others did to their posts, never what they did themselves', async () => {
    const asker = await createUser(t, { reputation: 100 });
    const answerer = await createUser(t, { reputation: 100 });
    const agent = await createUser(t, { role: 'agent' });
    const moderator = await createUser(t, { role: 'moderator' });
    const [askerToken, answererToken] = [await tokenFor(t, asker.username), await tokenFor(t, answerer.username)];

    const q = await askQuestion(t, asker, { title: 'Why does the export stop at 1000 rows?' });
    await postAnswer(t, asker, q.id); // own answer to own question: nobody told
    const a = await postAnswer(t, answerer, q.id);
    await t.app.get(CommentsService).add(answerer, 'answer', a.id, { body: 'A note on my own answer, for later.' }); // own post
    await t.app.get(CommentsService).add(asker, 'answer', a.id, { body: 'Thanks, that worked for the first export!' });
    await acceptAnswer(t, asker, a.id);
    await t.app.get(PromotionService).promote(agent, a.id);
    await t.app.get(ThreadActionsService).setLocked(moderator, q.id, true, { reason: 'Resolved; locking to keep it tidy.' });
    await drainJobs(t);
    await drainJobs(t); // a second run (a retried job) notifies nobody twice
    await dropBadgeNotices();

    const askerBox = await list(askerToken);
    expect(askerBox.items.map((n: { kind: string }) => n.kind)).toEqual(['moderation', 'answer']);
    expect(askerBox.items[1]).toMatchObject({ actor: answerer.username, read: false, text: 'New answer to your question “Why does the export stop at 1000 rows?”', url: `/questions/${q.id}/${q.slug}#answer-${a.id}` });
    expect(askerBox.items[0].text).toContain('locked your question');
    expect(askerBox.items[0].text).toContain('Reason: Resolved; locking to keep it tidy.');
    const answererBox = await list(answererToken);
    expect(answererBox.items.map((n: { kind: string }) => n.kind)).toEqual(['promoted', 'accepted', 'comment']);
    expect(answererBox.items[2]).toMatchObject({ actor: asker.username, text: 'New comment on your answer “Why does the export stop at 1000 rows?”' });
    expect(answererBox.unread).toBe(3);
  });

  it('keeps read state per member: one, then all', async () => {
    const asker = await createUser(t);
    const other = await createUser(t);
    const q = await askQuestion(t, asker);
    // The third answer comes first: answering watches a thread, and a watcher hears of later answers.
    await postAnswer(t, (await createUser(t)), q.id);
    await postAnswer(t, other, q.id);
    const otherQ = await askQuestion(t, other);
    await postAnswer(t, asker, otherQ.id);
    await drainJobs(t);
    await dropBadgeNotices();
    const [askerToken, otherToken] = [await tokenFor(t, asker.username), await tokenFor(t, other.username)];
    const box = await list(askerToken);
    expect(box.unread).toBe(2);

    const mark = (token: string, body: object) => request(t.http).post('/api/v1/notifications/read').set('Authorization', `Bearer ${token}`).send(body);
    expect((await mark(otherToken, { ids: [box.items[0].id] }).expect(200)).body).toEqual({ marked: 0, unread: 1 }); // not theirs
    expect((await mark(askerToken, { ids: [box.items[0].id] }).expect(200)).body).toEqual({ marked: 1, unread: 1 });
    expect((await list(otherToken)).unread).toBe(1);
    expect((await mark(askerToken, { all: true }).expect(200)).body).toEqual({ marked: 1, unread: 0 });
    expect((await list(otherToken)).unread).toBe(1);

    await mark(askerToken, {}).expect(400);
    await mark(askerToken, { ids: ['x'] }).expect(400);
    await mark(askerToken, { ids: [1], extra: 1 }).expect(400);
    await request(t.http).get('/api/v1/notifications').expect(401);
  });

  it('shows the unread count in the navigation and marks read from the page', async () => {
    const asker = await createUser(t);
    const q = await askQuestion(t, asker);
    await postAnswer(t, await createUser(t), q.id);
    await drainJobs(t);
    await dropBadgeNotices();
    const browser = await signedInAgent(t, asker.username);
    const home = await browser.get('/questions').expect(200);
    expect(home.text).toMatch(/Notifications <span class="count-badge">1<span class="visually-hidden"> unread<\/span>/);
    const page = await browser.get('/notifications').expect(200);
    expect(page.text.match(/<h1/g)).toHaveLength(1);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await browser.post('/notifications/read').type('form').send({ _csrf: csrf, all: '1' }).expect(302);
    expect((await browser.get('/questions').expect(200)).text).not.toContain('count-badge');
    await browser.post('/settings/notifications').type('form').send({ _csrf: csrf }).expect(302);
    expect((await browser.get('/settings/notifications').expect(200)).text).not.toMatch(/id="email-pref" name="email" checked/);
  });
});
