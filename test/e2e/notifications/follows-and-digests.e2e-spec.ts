import request from 'supertest';
import { DigestsService } from '../../../src/notifications/digests.service.js';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { closeServer, smtpCapture } from '../../support/smtp-capture.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

/** A captured message's headers, unfolded. */
function headersOf(data: string): string {
  return data.split('\n\n')[0]!.replace(/\r?\n[ \t]+/g, ' ');
}

describe('follows, watches, mentions and digests', () => {
  let t: TestApp;
  let capture: Awaited<ReturnType<typeof smtpCapture>>;
  beforeAll(async () => {
    capture = await smtpCapture();
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${capture.port}`, PUBLIC_URL: 'https://community.example.test', ROUTING_EXPERTS: '0' });
  });
  afterAll(async () => {
    await t.close();
    await closeServer(capture.server);
  });

  const notes = async (userId: number, kind: string) =>
    (await t.db.query(`SELECT source_key AS "sourceKey", text, url FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY id`, [userId, kind])) as { sourceKey: string; text: string; url: string }[];

  it('watches a thread on asking and answering, tells watchers of new answers, and remembers an unwatch', async () => {
    const asker = await createUser(t);
    const first = await createUser(t);
    const second = await createUser(t);
    const question = await askQuestion(t, asker);
    await postAnswer(t, first, question.id);
    await drainJobs(t);
    const reply = await postAnswer(t, second, question.id);
    await drainJobs(t);
    expect((await notes(first.id, 'watched')).map((n) => n.sourceKey)).toEqual([`watched:${reply.id}`]);
    expect(await notes(asker.id, 'watched')).toEqual([]); // the asker hears of it as "New answer" already
    expect(await notes(second.id, 'watched')).toEqual([]);

    const token = await tokenFor(t, first.username);
    await request(t.http).put(`/api/v1/questions/${question.id}/watch`).set('Authorization', `Bearer ${token}`).send({ watching: false }).expect(200);
    await postAnswer(t, first, question.id); // answering again does not watch against the member's wish
    await drainJobs(t);
    await postAnswer(t, await createUser(t), question.id);
    await drainJobs(t);
    expect(await notes(first.id, 'watched')).toHaveLength(1);
    const mine = await request(t.http).get('/api/v1/me/follows').set('Authorization', `Bearer ${token}`).expect(200);
    expect(mine.body.watching).toEqual([]);

    // Watch again from the thread page's form; the follows page lists it with an unwatch button.
    const browser = await signedInAgent(t, first.username);
    const page = await browser.get(`/questions/${question.id}/${question.slug}`).expect(200);
    expect(page.text).toContain('Watch this thread');
    await browser.post(`/questions/${question.id}/watch`).type('form').send({ watching: 'true', _csrf: await csrfOf(browser) }).expect(302);
    const follows = await browser.get('/settings/follows').expect(200);
    expect(follows.text).toContain(question.title!);
    expect(follows.text).toContain('Unwatch');
    await request(t.http).put('/api/v1/questions/999999/watch').set('Authorization', `Bearer ${token}`).send({ watching: true }).expect(404);
    await request(t.http).put(`/api/v1/questions/${question.id}/watch`).set('Authorization', `Bearer ${token}`).send({ watching: 'maybe' }).expect(400);
  });

  it('tells a mentioned member once per post or comment, links the mention, and ignores unknown names and code', async () => {
    const alice = await createUser(t, { username: `alice_${Date.now() % 100000}` });
    const bob = await createUser(t, { username: `bob_${Date.now() % 100000}` });
    const author = await createUser(t);
    const question = await askQuestion(t, await createUser(t));
    const answer = await postAnswer(t, author, question.id, `Thanks @${alice.username} and @${alice.username}! Also @${bob.username}, @nobody_here_at_all and \`@${author.username}\` in code.`);
    await drainJobs(t);
    expect((await notes(alice.id, 'mention')).map((n) => n.sourceKey)).toEqual([`mention:answer:${answer.id}`]);
    expect(await notes(bob.id, 'mention')).toHaveLength(1);
    expect(await notes(author.id, 'mention')).toHaveLength(0);
    expect(answer.bodyHtml).toContain(`<a href="/users/${alice.username}" class="mention"`);
    expect(answer.bodyHtml).not.toContain(`href="/users/${author.username}"`);

    const comment = await t.app.get(CommentsService).add(author, 'answer', answer.id, { body: `@${bob.username} see above, @${bob.username}` });
    await drainJobs(t);
    expect((await notes(bob.id, 'mention')).map((n) => n.sourceKey)).toEqual([`mention:answer:${answer.id}`, `mention:comment:${comment.comment.id}`]);
  });

  it('follows tags, and e-mails a daily digest of new and unanswered questions with a one-click unsubscribe', async () => {
    const tag = `exports${Math.random().toString(36).slice(2, 6)}`;
    const reader = await createUser(t);
    const token = await tokenFor(t, reader.username);
    await request(t.http).put(`/api/v1/me/follows/tags/${tag}`).set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.http).put('/api/v1/me/follows/tags/Not A Tag!').set('Authorization', `Bearer ${token}`).expect(400);
    const prefs = await request(t.http).put('/api/v1/me/preferences').set('Authorization', `Bearer ${token}`).send({ digest: 'daily' }).expect(200);
    expect(prefs.body).toMatchObject({ digest: 'daily', routing: true, email: true });
    await request(t.http).put('/api/v1/me/preferences').set('Authorization', `Bearer ${token}`).send({ digest: 'hourly' }).expect(400);

    const waiting = await askQuestion(t, await createUser(t), { tags: [tag], title: 'Export to CSV drops the last column' });
    const answered = await askQuestion(t, await createUser(t), { tags: [tag], title: 'Can exports run on a schedule?' });
    await postAnswer(t, await createUser(t), answered.id);
    await askQuestion(t, await createUser(t), { tags: ['unrelated'], title: 'Something in a tag nobody here follows' });
    await drainJobs(t);

    const digests = t.app.get(DigestsService);
    const before = capture.messages.length;
    expect(await digests.sendDue()).toBeGreaterThanOrEqual(1);
    const digest = capture.messages.slice(before).find((m) => m.to.includes(reader.email))!;
    expect(digest).toBeDefined();
    const body = digest.data.replace(/=\r?\n/g, '');
    expect(body).toContain('Export to CSV drops the last column');
    expect(body).toContain('Can exports run on a schedule?');
    expect(body).not.toContain('Something in a tag nobody here follows');
    expect(body).toContain(`https://community.example.test/questions/${waiting.id}/`);
    const headers = headersOf(digest.data);
    expect(headers).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const link = /List-Unsubscribe: <([^>]+)>/.exec(headers)![1]!;
    expect(link).toMatch(/^https:\/\/community\.example\.test\/unsubscribe\//);

    // Not due again the same day.
    const count = capture.messages.length;
    await digests.sendDue();
    expect(capture.messages.slice(count).some((m) => m.to.includes(reader.email))).toBe(false);

    // A forged or broken link changes nothing.
    const path = new URL(link).pathname;
    await request(t.http).post(`${path.slice(0, -3)}AAA`).type('form').send('List-Unsubscribe=One-Click').expect(404);
    await request(t.http).post('/unsubscribe/1.digest.short').type('form').send('List-Unsubscribe=One-Click').expect(404);
    // Opening the link only asks to confirm.
    const confirm = await request(t.http).get(path).expect(200);
    expect(confirm.text).toContain('Stop the digest');
    expect((await request(t.http).get('/api/v1/me/follows').set('Authorization', `Bearer ${token}`)).body.preferences.digest).toBe('daily');
    // RFC 8058 one-click: a POST with no cookie and no CSRF token.
    await request(t.http).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await request(t.http).get('/api/v1/me/follows').set('Authorization', `Bearer ${token}`)).body.preferences.digest).toBe('off');

    await t.db.query('UPDATE notification_preferences SET digest_sent_at = NULL WHERE user_id = $1', [reader.id]);
    const last = capture.messages.length;
    await digests.sendDue();
    expect(capture.messages.slice(last).some((m) => m.to.includes(reader.email))).toBe(false);
  });

  it('puts a one-click unsubscribe in every notification e-mail too', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const before = capture.messages.length;
    await postAnswer(t, await createUser(t), question.id);
    await drainJobs(t);
    await drainJobs(t);
    const mail = capture.messages.slice(before).find((m) => m.to.includes(asker.email))!;
    const headers = headersOf(mail.data);
    expect(headers).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const link = /List-Unsubscribe: <([^>]+)>/.exec(headers)![1]!;
    await request(t.http).post(new URL(link).pathname).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const prefs = await request(t.http).get('/api/v1/me/follows').set('Authorization', `Bearer ${await tokenFor(t, asker.username)}`).expect(200);
    expect(prefs.body.preferences.email).toBe(false);
  });

  it('has a follows page with the tag form, routing opt-out and digest choice', async () => {
    const member = await createUser(t);
    const browser = await signedInAgent(t, member.username);
    const page = await browser.get('/settings/follows').expect(200);
    expect(page.text).toContain('Follow a tag');
    await browser.post('/settings/follows/tags').type('form').send({ tag: 'invoices', _csrf: await csrfOf(browser, '/settings/follows') }).expect(302);
    await browser.post('/settings/follows/preferences').type('form').send({ digest: 'weekly', _csrf: await csrfOf(browser, '/settings/follows') }).expect(302);
    const token = await tokenFor(t, member.username);
    const mine = await request(t.http).get('/api/v1/me/follows').set('Authorization', `Bearer ${token}`).expect(200);
    expect(mine.body).toMatchObject({ tags: ['invoices'], preferences: { digest: 'weekly', routing: false } });
    await request(t.http).get('/settings/follows').expect(303);
    await browser.post('/settings/follows/tags').type('form').send({ tag: 'x' }).expect(403);
  });
});
