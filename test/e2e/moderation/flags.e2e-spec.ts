import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { apiAs, logFor, memberWithToken } from './moderation-helpers.js';

describe('flags and auto-hide', () => {
  let t: TestApp;
  let modToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    modToken = (await memberWithToken(t, { role: 'moderator' })).token;
  });
  afterAll(() => t.close());

  const flaggers = (count: number, reputation: number) => Promise.all(Array.from({ length: count }, () => memberWithToken(t, { reputation })));

  it('takes one open flag per member and post, with a reason (and a note for other)', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const { token } = await memberWithToken(t);
    const api = apiAs(t, token);

    const flag = await api.post(`/questions/${question.id}/flags`, { reason: 'off-topic' }).expect(201);
    expect(flag.body).toMatchObject({ targetType: 'question', targetId: question.id, reason: 'off-topic', status: 'open', counts: false, hidden: false });
    const again = await api.post(`/questions/${question.id}/flags`, { reason: 'spam' }).expect(409);
    expect(again.body.message).toBe('You have already flagged this question; a moderator will review it.');

    const answer = await postAnswer(t, author, question.id);
    const noNote = await api.post(`/answers/${answer.id}/flags`, { reason: 'other' }).expect(400);
    expect(noNote.body.message).toEqual(['Tell the moderators what is wrong (a note is required for "other").']);
    await api.post(`/answers/${answer.id}/flags`, { reason: 'other', note: '   ' }).expect(400);
    const badReason = await api.post(`/answers/${answer.id}/flags`, { reason: 'boring' }).expect(400);
    expect(badReason.body.message).toEqual(['Choose why you flag this: spam, offensive, off-topic or other.']);
    await api.post(`/answers/${answer.id}/flags`, { reason: 'other', note: 'Copied from another site.' }).expect(201);
    await api.post(`/users/${answer.id}/flags`, { reason: 'spam' }).expect(400);
    await api.post(`/answers/abc/flags`, { reason: 'spam' }).expect(400);
    await api.post(`/answers/999999/flags`, { reason: 'spam' }).expect(404);
    await api.post(`/questions/${answer.id}/flags`, { reason: 'spam' }).expect(404);

    const own = await apiAs(t, (await memberWithToken(t)).token);
    await own.post(`/answers/${answer.id}/flags`, { reason: 'spam' }).expect(201);
    await request(t.http).post(`/api/v1/questions/${question.id}/flags`).send({ reason: 'spam' }).expect(401);
  });

  it('refuses to let members flag their own posts', async () => {
    const { user, token } = await memberWithToken(t);
    const question = await askQuestion(t, user);
    const res = await apiAs(t, token).post(`/questions/${question.id}/flags`, { reason: 'spam' }).expect(403);
    expect(res.body.message).toBe('You cannot flag your own post.');
  });

  it('hides a post at the third flag from members with 15+ reputation, not at the second, and not from low-reputation flaggers', async () => {
    const author = await createUser(t);
    const tag = `hideme-${Date.now()}`;
    const question = await askQuestion(t, author, { tags: [tag], title: 'Buy cheap watches from this great shop' });
    const low = await flaggers(3, 14);
    for (const { token } of low) await apiAs(t, token).post(`/questions/${question.id}/flags`, { reason: 'spam' }).expect(201);
    const qualified = await flaggers(3, 15);
    for (const { token } of qualified.slice(0, 2)) {
      expect((await apiAs(t, token).post(`/questions/${question.id}/flags`, { reason: 'spam' }).expect(201)).body.hidden).toBe(false);
    }
    // Five flags, two of them counting: still visible.
    await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200);
    expect((await request(t.http).get(`/api/v1/questions?tag=${tag}`).expect(200)).body.items).toHaveLength(1);

    const third = await apiAs(t, qualified[2]!.token).post(`/questions/${question.id}/flags`, { reason: 'spam' }).expect(201);
    expect(third.body).toMatchObject({ counts: true, hidden: true });

    const log = await logFor(t, modToken, 'question', question.id);
    expect(log).toEqual([expect.objectContaining({ action: 'auto-hide', moderator: null, targetUser: author.username, reason: '3 members flagged it' })]);

    // A moderator keeps it hidden: the flags are settled, it leaves the queue, and the log says so.
    const queued = (await apiAs(t, modToken).get('/mod/queue').expect(200)).body.items.find((i: { targetId: number; targetType: string }) => i.targetType === 'question' && i.targetId === question.id);
    expect(queued).toMatchObject({ hidden: true, flagCount: 6 });
    expect((await apiAs(t, modToken).post(`/mod/questions/${question.id}/actions/hide`, { reason: 'Spam indeed' }).expect(200)).body.changed).toBe(true);
    const after = (await apiAs(t, modToken).get('/mod/queue').expect(200)).body.items;
    expect(after.some((i: { targetId: number; targetType: string }) => i.targetType === 'question' && i.targetId === question.id)).toBe(false);
    expect((await logFor(t, modToken, 'question', question.id))[0]).toMatchObject({ action: 'hide', reason: 'Spam indeed', details: { flagsSettled: 6 } });
  });

  it('makes hidden content invisible to members and anonymous readers in lists, thread pages, the API and search, and marks it for moderators', async () => {
    const author = await createUser(t);
    const tag = `hidden-${Date.now()}`;
    const question = await askQuestion(t, author, { tags: [tag], title: 'Zanzibar quokka configuration question', body: 'How do I configure the zanzibar quokka module for my account?' });
    const visible = await askQuestion(t, author, { tags: [tag], title: 'A visible question about the same tag' });
    const answer = await postAnswer(t, author, visible.id, 'Marmalade pelican answer that should vanish once it is hidden.');
    const { comment } = await t.app.get(CommentsService).add(author, 'question', visible.id, { body: 'A hidden comment about platypus settings' });
    await drainJobs(t);
    expect((await request(t.http).get('/api/v1/search?q=quokka').expect(200)).body.hits.length).toBeGreaterThan(0);

    const mod = apiAs(t, modToken);
    await mod.post(`/mod/questions/${question.id}/actions/hide`, { reason: 'pending review' }).expect(200);
    await mod.post(`/mod/answers/${answer.id}/actions/hide`).expect(200);
    await mod.post(`/mod/comments/${comment.id}/actions/hide`).expect(200);
    await drainJobs(t);

    // Lists and the API.
    const list = await request(t.http).get(`/api/v1/questions?tag=${tag}`).expect(200);
    expect(list.body.items.map((q: { id: number }) => q.id)).toEqual([visible.id]);
    await request(t.http).get(`/api/v1/questions/${question.id}`).expect(404);
    await request(t.http).get(`/api/v1/answers/${answer.id}`).expect(404);
    const thread = await request(t.http).get(`/api/v1/questions/${visible.id}`).expect(200);
    expect(thread.body.answers).toEqual([]);
    expect(thread.body.comments).toEqual([]);
    expect(thread.body.answerCount).toBe(0);
    // Pages, for anonymous readers and members.
    await request(t.http).get(`/questions/${question.id}/${question.slug}`).expect(404);
    const member = await signedInAgent(t, (await createUser(t)).username);
    await member.get(`/questions/${question.id}/${question.slug}`).expect(404);
    const page = await member.get(`/questions/${visible.id}/${visible.slug}`).expect(200);
    expect(page.text).not.toContain('Marmalade pelican');
    expect(page.text).not.toContain('platypus');
    expect((await request(t.http).get(`/tags/${tag}`).expect(200)).text).not.toContain('Zanzibar quokka');
    // Search.
    expect((await request(t.http).get('/api/v1/search?q=quokka').expect(200)).body.hits).toEqual([]);
    expect((await request(t.http).get('/api/v1/search?q=marmalade').expect(200)).body.hits).toEqual([]);

    // Moderators see it, marked.
    const modPage = await (await signedInAgent(t, (await createUser(t, { role: 'moderator' })).username)).get(`/questions/${visible.id}/${visible.slug}`).expect(200);
    expect(modPage.text).toContain('Marmalade pelican');
    expect(modPage.text).toContain('<span class="badge badge-removed">Hidden</span>');
    const modApi = await mod.get(`/questions/${question.id}`).expect(200);
    expect(modApi.body.hidden).toBe(true);

    // Restoring brings it back everywhere.
    await mod.post(`/mod/questions/${question.id}/actions/restore`).expect(200);
    await drainJobs(t);
    await request(t.http).get(`/api/v1/questions/${question.id}`).expect(200);
    expect((await request(t.http).get('/api/v1/search?q=quokka').expect(200)).body.hits.length).toBeGreaterThan(0);
  });

  it('lets members flag questions, answers and comments from the thread page', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const { comment } = await t.app.get(CommentsService).add(author, 'answer', answer.id, { body: 'A comment worth flagging' });
    const reader = await createUser(t);
    const agent = await signedInAgent(t, reader.username);
    const url = `/questions/${question.id}/${question.slug}`;
    // The thread links each post and comment to a flag form of its own; it carries no flag form itself.
    const page = await agent.get(url).expect(200);
    for (const path of [`/questions/${question.id}/flags`, `/answers/${answer.id}/flags`, `/comments/${comment.id}/flags`]) expect(page.text).toContain(`href="${path}"`);
    expect(page.text).not.toContain('/flags" method');
    expect(page.text).not.toMatch(/action="\/\w+\/\d+\/flags"/);
    const form = await agent.get(`/answers/${answer.id}/flags`).expect(200);
    expect(form.text).toContain('<h1>Flag this answer</h1>');
    expect(form.text).toContain(`action="/answers/${answer.id}/flags"`);
    expect(form.text).toContain('<label for="flag-note">');
    await request(t.http).get(`/answers/${answer.id}/flags`).expect(303); // signed out: to the login page
    await agent.get(`/posts/${answer.id}/flags`).expect(400);

    const csrf = await csrfOf(agent, `/answers/${answer.id}/flags`);
    const res = await agent.post(`/answers/${answer.id}/flags`).type('form').send({ reason: 'offensive', _csrf: csrf }).expect(302);
    expect(res.headers.location).toBe(url);
    expect((await agent.get(url)).text).toContain('Thanks. A moderator will review your flag.');
    await agent.post(`/comments/${comment.id}/flags`).type('form').send({ reason: 'other', note: 'Rude', _csrf: csrf }).expect(302);
    // A mistake shows the form again, with the message and the reason chosen.
    const bad = await agent.post(`/questions/${question.id}/flags`).type('form').send({ reason: 'other', _csrf: csrf }).expect(400);
    expect(bad.text).toContain('a note is required for &quot;other&quot;');
    expect(bad.text).toContain(`action="/questions/${question.id}/flags"`);
    expect(bad.text).toContain('value="other" checked');

    const queue = await apiAs(t, modToken).get('/mod/queue').expect(200);
    const mine = queue.body.items.filter((item: { targetId: number; targetType: string }) => (item.targetType === 'answer' && item.targetId === answer.id) || (item.targetType === 'comment' && item.targetId === comment.id));
    expect(mine).toEqual([
      expect.objectContaining({ targetType: 'answer', flagCount: 1, flags: [expect.objectContaining({ reason: 'offensive', flagger: reader.username })] }),
      expect.objectContaining({ targetType: 'comment', flagCount: 1, flags: [expect.objectContaining({ reason: 'other', note: 'Rude' })] }),
    ]);
  });
});
