import request from 'supertest';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { VotesService } from '../../../src/votes/votes.service.js';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, PASSWORD, signedInAgent, tokenFor, uniqueName } from '../../support/test-app.js';
import { eventKinds, mailTo, newClient, startMailApp, submitForm, tokenIn, type MailApp } from './support.js';

describe('privacy: download my data, delete my account', () => {
  let app: MailApp;
  beforeAll(async () => (app = await startMailApp()));
  afterAll(() => app.close());

  /** A member with a question, an answer that was accepted and upvoted, a comment, a vote and a notification. */
  async function activeMember() {
    const member = await createUser(app.t, { reputation: 200 });
    const other = await createUser(app.t, { reputation: 200 });
    // Their 200 reputation, in the ledger too (from 1, the floor), so reputation:verify starts clean.
    for (const id of [member.id, other.id]) {
      await app.t.db.query(`INSERT INTO reputation_entries (user_id, amount, requested, reason) VALUES ($1, 199, 199, 'fixture')`, [id]);
    }
    const question = await askQuestion(app.t, member, { title: 'How do I export my invoices as CSV?' });
    const answerToOther = await postAnswer(app.t, member, (await askQuestion(app.t, other)).id, 'Use the export button under Billing, then choose CSV.');
    await acceptAnswer(app.t, other, answerToOther.id);
    await app.t.app.get(VotesService).cast(other, 'answer', answerToOther.id, 1);
    const otherAnswer = await postAnswer(app.t, other, question.id);
    await app.t.app.get(VotesService).cast(member, 'answer', otherAnswer.id, 1);
    await app.t.app.get(CommentsService).add(member, 'answer', otherAnswer.id, { body: 'Thanks, that worked for me!' });
    await drainJobs(app.t);
    return { member, other, question, answerToOther, otherAnswer };
  }

  it('downloads profile, posts, comments, votes and notifications as JSON (page and API)', async () => {
    const { member, question, otherAnswer } = await activeMember();
    const agent = await signedInAgent(app.t, member.username);
    const res = await agent.get('/settings/privacy/export').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(res.text);
    expect(data.profile).toMatchObject({ id: member.id, username: member.username, email: member.email });
    expect(data.posts.map((p: { id: number }) => p.id)).toContain(question.id);
    expect(data.comments[0].body).toBe('Thanks, that worked for me!');
    expect(data.votes).toEqual([expect.objectContaining({ postId: otherAnswer.id, value: 1 })]);
    expect(data.notifications.length).toBeGreaterThan(0);
    const api = await request(app.t.http).get('/api/v1/me/data').set('Authorization', `Bearer ${await tokenFor(app.t, member.username)}`).expect(200);
    expect(api.body.profile.username).toBe(member.username);
    expect((await request(app.t.http).get('/api/v1/me/data')).status).toBe(401);
    expect(await eventKinds(app.t, member.id)).toContain('data-exported');
  });

  it('deletes the account: personal data gone at once, posts stay as "deleted member N", reputation consistent, the address free again', async () => {
    const { member, question, answerToOther } = await activeMember();
    await app.t.db.query(`UPDATE users SET about = 'I like CSV files' WHERE id = $1`, [member.id]);
    const other = await signedInAgent(app.t, member.username);
    const bearer = await tokenFor(app.t, member.username);
    const agent = await signedInAgent(app.t, member.username);

    const wrong = await submitForm(agent, '/settings/privacy', '/settings/privacy/delete', { password: 'not my password' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That is not your current password.');

    const res = await submitForm(agent, '/settings/privacy', '/settings/privacy/delete', { password: PASSWORD });
    expect(res.status).toBe(302);
    const [row] = await app.t.db.query('SELECT username, email, password_hash, about, deleted_at FROM users WHERE id = $1', [member.id]);
    expect(row).toMatchObject({ username: `deleted member ${member.id}`, email: null, password_hash: null, about: null });
    expect(row.deleted_at).not.toBeNull();
    // Sessions and tokens: gone.
    expect((await app.t.db.query(`SELECT count(*)::int AS n FROM session WHERE sess -> 'passport' ->> 'user' = $1`, [String(member.id)]))[0].n).toBe(0);
    expect((await app.t.db.query('SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1', [member.id]))[0].n).toBe(0);
    expect((await other.get('/settings/account')).status).toBe(303);
    expect((await request(app.t.http).get('/api/v1/me').set('Authorization', `Bearer ${bearer}`)).status).toBe(401);
    await request(app.t.http).post('/api/v1/tokens').send({ username: member.username, password: PASSWORD }).expect(401);
    // The security log keeps the events, without address or browser.
    expect(await eventKinds(app.t, member.id)).toContain('account-deleted');
    expect((await app.t.db.query('SELECT count(*)::int AS n FROM security_events WHERE user_id = $1 AND (ip IS NOT NULL OR user_agent IS NOT NULL)', [member.id]))[0].n).toBe(0);

    // Posts stay, attributed to the deleted member; scores and reputation add up.
    const thread = await request(app.t.http).get(`/questions/${question.id}`).redirects(1).expect(200);
    expect(thread.text).toContain(`deleted member ${member.id}`);
    expect(thread.text).not.toContain(member.username);
    expect((await app.t.db.query('SELECT deleted_at FROM posts WHERE id = $1', [answerToOther.id]))[0].deleted_at).toBeNull();
    expect((await verifyReputation(app.t.app)).lines).toEqual([]);

    // The address can register again.
    const again = uniqueName('again');
    const reg = await submitForm(request.agent(app.t.http), '/register', '/register', { username: again, email: member.email, password: PASSWORD }, newClient());
    expect(reg.headers.location).toBe('/register/check-email');
    expect(tokenIn(await mailTo(app, member.email), '/confirm-email/')).toBeTruthy();
    expect((await app.t.db.query('SELECT count(*)::int AS n FROM users WHERE email = $1 AND username = $2', [member.email, again]))[0].n).toBe(1);
  });

  it('removes the posts too when asked, reversing the reputation they earned; an accepted answer stays', async () => {
    const { member, other, question, answerToOther, otherAnswer } = await activeMember();
    const extra = await postAnswer(app.t, member, (await askQuestion(app.t, other)).id);
    const res = await request(app.t.http).delete('/api/v1/me').set('Authorization', `Bearer ${await tokenFor(app.t, member.username)}`).send({ password: PASSWORD, removePosts: true });
    expect(res.status).toBe(204);
    const rows: { id: number; deleted_at: Date | null }[] = await app.t.db.query('SELECT id, deleted_at FROM posts WHERE id = ANY($1)', [[question.id, extra.id, answerToOther.id, otherAnswer.id]]);
    const deleted = Object.fromEntries(rows.map((r) => [r.id, r.deleted_at !== null]));
    expect(deleted).toEqual({ [question.id]: true, [extra.id]: true, [answerToOther.id]: false, [otherAnswer.id]: false });
    expect((await app.t.db.query('SELECT count(*)::int AS n FROM comments WHERE author_id = $1 AND deleted_at IS NULL', [member.id]))[0].n).toBe(0);
    expect((await verifyReputation(app.t.app)).lines).toEqual([]);
  });

  it('refuses bad input with a 4xx and changes nothing', async () => {
    const member = await createUser(app.t);
    const bearer = `Bearer ${await tokenFor(app.t, member.username)}`;
    expect((await request(app.t.http).delete('/api/v1/me').set('Authorization', bearer).send({})).status).toBe(400);
    expect((await request(app.t.http).delete('/api/v1/me').set('Authorization', bearer).send({ password: PASSWORD, removePosts: 'maybe' })).status).toBe(400);
    expect((await request(app.t.http).delete('/api/v1/me').set('Authorization', bearer).send({ password: 'wrong password' })).status).toBe(422);
    expect((await app.t.db.query('SELECT deleted_at FROM users WHERE id = $1', [member.id]))[0].deleted_at).toBeNull();
    // Without the form token the page refuses.
    const agent = await signedInAgent(app.t, member.username);
    expect((await agent.post('/settings/privacy/delete').type('form').send({ password: PASSWORD })).status).toBe(403);
  });

  it('the last admin cannot delete their account', async () => {
    const admin = await createUser(app.t, { role: 'admin' });
    await app.t.db.query(`UPDATE users SET role = 'member' WHERE role = 'admin' AND id <> $1`, [admin.id]);
    const res = await request(app.t.http).delete('/api/v1/me').set('Authorization', `Bearer ${await tokenFor(app.t, admin.username)}`).send({ password: PASSWORD });
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('at least one administrator');
    expect((await app.t.db.query('SELECT email FROM users WHERE id = $1', [admin.id]))[0].email).toBe(admin.email);
  });
});
