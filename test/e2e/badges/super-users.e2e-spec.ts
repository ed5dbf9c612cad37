import request from 'supertest';
import { BadgesJobsSubscriber } from '../../../src/badges/badges.jobs.js';
import { SuperUsersService } from '../../../src/badges/super-users.service.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { acceptAnswer } from '../../support/factories.js';
import { apiFor, badgesOf, insertAcceptedAnswers, trustedMember, type TestUser } from './support.js';

describe('the super-user programme', () => {
  let t: TestApp;
  let asker: TestUser;
  let moderator: TestUser;
  let mod: Awaited<ReturnType<typeof apiFor>>;
  beforeAll(async () => {
    t = await startTestApp();
    asker = await trustedMember(t);
    moderator = await createUser(t, { role: 'moderator' });
    mod = await apiFor(t, moderator);
  });
  afterAll(() => t.close());

  /** A member with this reputation and these accepted answers (recent: within the 90 days; old: 120 days ago). */
  async function member(options: { reputation: number; recent: number; old?: number }) {
    const user = await createUser(t, { reputation: options.reputation });
    await insertAcceptedAnswers(t, user.id, asker.id, options.recent, 5);
    await insertAcceptedAnswers(t, user.id, asker.id, options.old ?? 0, 120);
    return user;
  }
  const nominate = (ids: number[] | null) => t.app.get(SuperUsersService).nominate(ids);
  const pendingFor = async (userId: number) =>
    (await t.db.query(`SELECT id, evidence FROM super_user_nominations WHERE user_id = $1 AND status = 'pending'`, [userId])) as { id: number; evidence: Record<string, number> }[];
  const threadPageOf = async (user: TestUser) => {
    const question = await askQuestion(t, user);
    return `/questions/${question.id}/${question.slug}`;
  };
  const markBeside = (username: string) => `class="author-name">${username}</a><a href="/badges/super-user" class="super-user-mark"`;

  it('nominates a member who meets the bar after the acceptance that lifts them over it, with the evidence', async () => {
    const candidate = await member({ reputation: 1000, recent: 19 });
    const answer = await postAnswer(t, candidate, (await askQuestion(t, asker)).id);
    await drainJobs(t);
    expect(await pendingFor(candidate.id)).toEqual([]);

    await acceptAnswer(t, asker, answer.id); // the 20th accepted answer (+15 reputation too)
    await drainJobs(t);
    const [nomination] = await pendingFor(candidate.id);
    expect(nomination!.evidence).toMatchObject({ acceptedAnswers: 20, answers: 20, acceptanceRate: 1, flagsAgainst: 0, windowDays: 90 });
    expect(nomination!.evidence.reputation).toBeGreaterThanOrEqual(1000);

    // Evaluating again creates no second nomination.
    await nominate(null);
    await nominate([candidate.id]);
    expect(await pendingFor(candidate.id)).toHaveLength(1);

    const listed = await mod.get('/super-users/nominations').expect(200);
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: nomination!.id, status: 'pending', user: expect.objectContaining({ username: candidate.username }) })]));
    const page = await (await signedInAgent(t, moderator.username)).get('/admin/super-users').expect(200);
    expect(page.text).toContain(`id="nomination-${nomination!.id}"`);
    expect(page.text).toContain('Answer acceptance rate');
  });

  it.each([
    ['reputation 999', { reputation: 999, recent: 20 }],
    ['19 accepted answers in 90 days', { reputation: 1000, recent: 19 }],
    ['the 20th acceptance older than 90 days', { reputation: 1000, recent: 19, old: 1 }],
  ])('does not nominate a member who misses one criterion: %s', async (_label, options) => {
    const user = await member(options);
    await nominate(null);
    expect(await pendingFor(user.id)).toEqual([]);
  });

  it('does not nominate a member with a moderation action against them in the last 90 days, and does once it is older', async () => {
    const sanctioned = await member({ reputation: 1000, recent: 20 });
    const answer = await postAnswer(t, sanctioned, (await askQuestion(t, asker)).id);
    await mod.post(`/mod/answers/${answer.id}/actions/hide`, { reason: 'Pasted a customer\u2019s e-mail address' }).expect(200);
    await drainJobs(t);
    await nominate(null);
    expect(await pendingFor(sanctioned.id)).toEqual([]);

    const reformed = await member({ reputation: 1000, recent: 20 });
    await t.db.query(
      `INSERT INTO moderation_log (actor_id, action, target_type, target_id, target_user_id, reason, created_at) VALUES ($1, 'suspend', 'user', $2, $2, 'Long ago', now() - interval '120 days')`,
      [moderator.id, reformed.id],
    );
    await nominate(null);
    expect(await pendingFor(reformed.id)).toHaveLength(1);
  });

  it('uses the admins\u2019 numbers: a lower reputation bar nominates a member the default would not', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const adminApi = await apiFor(t, admin);
    const user = await member({ reputation: 600, recent: 20 });
    await nominate(null);
    expect(await pendingFor(user.id)).toEqual([]);
    await adminApi.put('/super-users/settings', { superUserMinReputation: 'lots' }).expect(400);
    await adminApi.put('/super-users/settings', { superUserWindowDays: 0 }).expect(400);
    const updated = await adminApi.put('/super-users/settings', { superUserMinReputation: 500 }).expect(200);
    expect(updated.body).toEqual({ superUserMinReputation: 500, superUserMinAcceptedAnswers: 20, superUserWindowDays: 90 });
    await nominate(null);
    expect(await pendingFor(user.id)).toHaveLength(1);
    await adminApi.put('/super-users/settings', { superUserMinReputation: 1000 }).expect(200);
  });

  it('approving awards the gold badge and the mark beside the name; revoking removes it and records why', async () => {
    const candidate = await member({ reputation: 1500, recent: 20 });
    const url = await threadPageOf(candidate);
    await nominate([candidate.id]);
    const [nomination] = await pendingFor(candidate.id);
    expect((await request(t.http).get(url).expect(200)).text).not.toContain(markBeside(candidate.username));

    const approved = await mod.post(`/super-users/nominations/${nomination!.id}/approve`, { note: 'Carries the billing tag' }).expect(200);
    expect(approved.body).toMatchObject({ id: nomination!.id, status: 'approved', decidedBy: moderator.username, note: 'Carries the billing tag' });
    expect((await badgesOf(t, candidate.id)).get('super-user')).toEqual([null]);
    await mod.post(`/super-users/nominations/${nomination!.id}/approve`, {}).expect(422);
    await mod.post(`/super-users/nominations/${nomination!.id}/decline`, {}).expect(422);
    await mod.post('/super-users/nominations/999999/approve', {}).expect(404);
    await mod.post('/super-users/nominations/abc/approve', {}).expect(404);

    // The mark: on the thread page, the profile and the leaderboard; the tier counts on the author card.
    const thread = (await request(t.http).get(url).expect(200)).text;
    expect(thread).toContain(markBeside(candidate.username));
    expect(thread).toMatch(/<span class="visually-hidden">1 gold, \d+ silver, \d+ bronze badges<\/span>/);
    expect((await request(t.http).get(`/users/${candidate.username}`).expect(200)).text).toContain('class="super-user-mark"');
    expect((await request(t.http).get('/users?period=all').expect(200)).text).toContain(`${candidate.username}</a><a href="/badges/super-user" class="super-user-mark"`);
    expect((await request(t.http).get('/questions').expect(200)).text).toContain(`${candidate.username}</a><a href="/badges/super-user" class="super-user-mark"`);
    // Notifications and insights hear of the decision through the jobs published with it.
    await drainJobs(t);
    const notes = await t.db.query(`SELECT kind, text FROM notifications WHERE user_id = $1 ORDER BY id`, [candidate.id]);
    expect(notes).toEqual(expect.arrayContaining([
      { kind: 'super-user', text: 'You are now a super-user: thank you for helping the community' },
      { kind: 'badge', text: 'You earned the gold badge “Super-user”' },
    ]));
    expect(await t.db.query('SELECT user_id FROM insights_super_users WHERE user_id = $1', [candidate.id])).toHaveLength(1);
    const log = (await mod.get(`/mod/log?targetType=user&targetId=${candidate.id}`).expect(200)).body.items;
    expect(log[0]).toMatchObject({ action: 'approve-super-user', reason: 'Carries the billing tag', details: { nominationId: nomination!.id } });

    // A super-user is not nominated again.
    await nominate(null);
    expect(await pendingFor(candidate.id)).toEqual([]);

    // The review lists super-users who fell below the bar, and revokes nobody by itself.
    expect((await mod.get('/super-users/review').expect(200)).body.items.map((r: { username: string }) => r.username)).not.toContain(candidate.username);
    await t.db.query('UPDATE users SET reputation = 700 WHERE id = $1', [candidate.id]);
    await t.app.get(BadgesJobsSubscriber).sweep();
    const review = (await mod.get('/super-users/review').expect(200)).body.items;
    expect(review).toEqual(expect.arrayContaining([expect.objectContaining({ username: candidate.username, shortfalls: ['reputation 700 is below 1000'] })]));
    expect((await badgesOf(t, candidate.id)).has('super-user')).toBe(true);
    expect((await (await signedInAgent(t, moderator.username)).get('/admin/super-users')).text).toContain('reputation 700 is below 1000');

    // Revoking, with a reason, through the review page's form.
    const page = await signedInAgent(t, moderator.username);
    const csrf = await csrfOf(page, '/admin/super-users');
    await page.post(`/users/${candidate.username}/badges/super-user/revoke`).type('form').send({ _csrf: csrf, reason: 'Inactive for a quarter' }).expect(302);
    expect((await request(t.http).get(url).expect(200)).text).not.toContain(markBeside(candidate.username));
    expect((await request(t.http).get('/questions').expect(200)).text).not.toContain(`${candidate.username}</a><a href="/badges/super-user"`);
    expect((await mod.get(`/mod/log?targetType=user&targetId=${candidate.id}`).expect(200)).body.items[0]).toMatchObject({
      action: 'revoke-badge', reason: 'Inactive for a quarter', details: { badge: 'super-user', awards: 1 },
    });
    expect((await mod.get('/super-users/review').expect(200)).body.items.map((r: { username: string }) => r.username)).not.toContain(candidate.username);
    await drainJobs(t);
    expect(await t.db.query(`SELECT text FROM notifications WHERE user_id = $1 AND kind = 'super-user' ORDER BY id DESC LIMIT 1`, [candidate.id])).toEqual([
      { text: 'Your super-user status was withdrawn after a review' },
    ]);
  });

  it('declining records the note, shows no mark, and does not nominate the member again within the window', async () => {
    const candidate = await member({ reputation: 1200, recent: 25 });
    const url = await threadPageOf(candidate);
    await nominate([candidate.id]);
    const [nomination] = await pendingFor(candidate.id);

    const page = await signedInAgent(t, moderator.username);
    const csrf = await csrfOf(page, '/admin/super-users');
    await page.post(`/admin/super-users/nominations/${nomination!.id}/decline`).type('form').send({ _csrf: csrf, note: 'Ask again after the spring release' }).expect(302)
      .expect('Location', '/admin/super-users');
    const declined = (await mod.get('/super-users/nominations?status=declined').expect(200)).body.items;
    expect(declined).toEqual(expect.arrayContaining([expect.objectContaining({ id: nomination!.id, status: 'declined', note: 'Ask again after the spring release' })]));
    await mod.get('/super-users/nominations?status=maybe').expect(400);
    expect((await badgesOf(t, candidate.id)).has('super-user')).toBe(false);
    expect((await request(t.http).get(url).expect(200)).text).not.toContain(markBeside(candidate.username));
    expect((await mod.get(`/mod/log?targetType=user&targetId=${candidate.id}`).expect(200)).body.items[0]).toMatchObject({ action: 'decline-super-user', reason: 'Ask again after the spring release' });

    await nominate(null);
    expect(await pendingFor(candidate.id)).toEqual([]);
  });
});
