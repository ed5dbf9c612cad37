import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { apiFor, backfill, badgesOf, insertAcceptedAnswers, trustedMember, type TestUser } from './support.js';

describe('community managers award and revoke badges by hand, with audit entries', () => {
  let t: TestApp;
  let moderator: TestUser;
  let mod: Awaited<ReturnType<typeof apiFor>>;
  beforeAll(async () => {
    t = await startTestApp();
    moderator = await createUser(t, { role: 'moderator' });
    mod = await apiFor(t, moderator);
  });
  afterAll(() => t.close());

  const logOf = async (userId: number) =>
    (await mod.get(`/mod/log?targetType=user&targetId=${userId}`).expect(200)).body.items as { action: string; moderator: string; reason: string; details: Record<string, unknown> }[];

  it('awards with a reason, logs it, and shows it in the API and on the pages', async () => {
    const member = await createUser(t);
    const res = await mod.post(`/users/${member.username}/badges`, { badge: 'editor', reason: 'Cleaned up the migration guide threads' }).expect(201);
    expect(res.body).toEqual({ username: member.username, badge: 'editor', awarded: true });
    expect((await badgesOf(t, member.id)).get('editor')).toEqual([null]);
    expect(await logOf(member.id)).toEqual([
      expect.objectContaining({ action: 'award-badge', moderator: moderator.username, reason: 'Cleaned up the migration guide threads', details: { badge: 'editor' } }),
    ]);

    const mine = await request(t.http).get(`/api/v1/users/${member.username}/badges`).expect(200);
    expect(mine.body.counts).toEqual({ gold: 0, silver: 1, bronze: 0 });
    expect(mine.body.items).toEqual([expect.objectContaining({ badge: expect.objectContaining({ slug: 'editor', tier: 'silver' }), byHand: true, post: null })]);

    const profile = await request(t.http).get(`/users/${member.username}`).expect(200);
    expect(profile.text).toContain(`href="/users/${member.username}/badges"`);
    expect(profile.text).toContain('0 gold, 1 silver, 0 bronze badges');
    const page = await request(t.http).get(`/users/${member.username}/badges`).expect(200);
    expect(page.text).toContain('href="/badges/editor"');
    expect(page.text).not.toContain('Award a badge');
    await request(t.http).get(`/users/${member.username}/badges/award`).expect(303);
  });

  it('refuses a second award (409), unknown badges and missing reasons (400), unknown members (404)', async () => {
    const member = await createUser(t);
    await mod.post(`/users/${member.username}/badges`, { badge: 'curious', reason: 'Welcome' }).expect(201);
    const again = await mod.post(`/users/${member.username}/badges`, { badge: 'curious', reason: 'Again' }).expect(409);
    expect(again.body.message).toEqual([`${member.username} already holds Curious.`]);
    const unknown = await mod.post(`/users/${member.username}/badges`, { badge: 'no-such-badge', reason: 'x' }).expect(400);
    expect(unknown.body.message).toEqual(expect.arrayContaining(['Choose a badge from the catalogue.']));
    await mod.post(`/users/${member.username}/badges`, { badge: 'curious' }).expect(400);
    await mod.post(`/users/${member.username}/badges`, { badge: 'curious', reason: '   ' }).expect(400);
    await mod.post(`/users/${member.username}/badges`, { badge: 'curious', reason: 'x'.repeat(501) }).expect(400);
    await mod.post(`/users/${member.username}/badges`, { badge: ['curious'], reason: 'x' }).expect(400);
    await mod.post(`/users/${member.username}/badges`, { badge: 'curious', reason: 'x', extra: 1 }).expect(400);
    await mod.post('/users/nobody-at-all/badges', { badge: 'curious', reason: 'x' }).expect(404);
    await mod.delete(`/users/${member.username}/badges/no-such-badge`, { reason: 'x' }).expect(400);
    await mod.delete(`/users/${member.username}/badges/guru`, { reason: 'x' }).expect(404);
    await mod.delete(`/users/${member.username}/badges/curious`, {}).expect(400);
    await request(t.http).get('/api/v1/badges/no-such-badge').expect(404);
    await request(t.http).get('/badges/no-such-badge').expect(404);
  });

  it('revokes every award of a badge with a logged reason; rules do not hand it back; a hand award restores it', async () => {
    const asker = await trustedMember(t);
    const member = await createUser(t, { reputation: 100 });
    await insertAcceptedAnswers(t, member.id, asker.id, 1);
    await backfill(t);
    expect((await badgesOf(t, member.id)).has('problem-solver')).toBe(true);

    await mod.delete(`/users/${member.username}/badges/problem-solver`, { reason: 'Accepted by a sock puppet' }).expect(200);
    expect((await badgesOf(t, member.id)).has('problem-solver')).toBe(false);
    expect((await logOf(member.id))[0]).toMatchObject({ action: 'revoke-badge', reason: 'Accepted by a sock puppet', details: { badge: 'problem-solver', awards: 1 } });
    expect(await backfill(t)).toEqual([]);
    expect((await badgesOf(t, member.id)).has('problem-solver')).toBe(false);

    await mod.post(`/users/${member.username}/badges`, { badge: 'problem-solver', reason: 'Reviewed: the acceptances were genuine' }).expect(201);
    expect((await badgesOf(t, member.id)).get('problem-solver')).toEqual([null]);
  });

  it('answers 403 to members (and 401 to anonymous callers) on every awarding and nomination endpoint', async () => {
    const member = await createUser(t, { reputation: 5000 });
    const target = await createUser(t);
    await mod.post(`/users/${target.username}/badges`, { badge: 'curious', reason: 'So there is something to revoke' }).expect(201);
    const api = await apiFor(t, member);
    const calls = [
      () => api.post(`/users/${target.username}/badges`, { badge: 'guru', reason: 'me' }),
      () => api.delete(`/users/${target.username}/badges/curious`, { reason: 'me' }),
      () => api.get('/super-users/nominations'),
      () => api.post('/super-users/nominations/1/approve', {}),
      () => api.post('/super-users/nominations/1/decline', {}),
      () => api.get('/super-users/review'),
      () => api.get('/super-users/settings'),
      () => api.put('/super-users/settings', { superUserMinReputation: 1 }),
    ];
    for (const call of calls) await call().expect(403);
    await request(t.http).post(`/api/v1/users/${target.username}/badges`).send({ badge: 'guru', reason: 'x' }).expect(401);
    await request(t.http).get('/api/v1/super-users/nominations').expect(401);
    // Moderators read the settings; only admins change them.
    await mod.put('/super-users/settings', { superUserMinReputation: 1 }).expect(403);

    // The pages refuse members too, and nothing was written.
    const page = await signedInAgent(t, member.username);
    const csrf = await csrfOf(page, `/users/${target.username}/badges`);
    await page.post(`/users/${target.username}/badges`).type('form').send({ _csrf: csrf, badge: 'guru', reason: 'me' }).expect(403);
    await page.post(`/users/${target.username}/badges/curious/revoke`).type('form').send({ _csrf: csrf, reason: 'me' }).expect(403);
    await page.get('/admin/super-users').expect(403);
    await page.get(`/users/${target.username}/badges/award`).expect(403);
    await page.post('/admin/super-users/nominations/1/approve').type('form').send({ _csrf: csrf }).expect(403);
    expect([...(await badgesOf(t, target.id)).keys()]).toEqual(['curious']);
    expect([...(await badgesOf(t, member.id)).keys()]).toEqual([]);
  });

  it('moderators award and revoke through the member\u2019s badges page (post/redirect/get)', async () => {
    const member = await createUser(t);
    const page = await signedInAgent(t, moderator.username);
    expect((await page.get(`/users/${member.username}/badges`).expect(200)).text).toContain(`href="/users/${member.username}/badges/award"`);
    const form = await page.get(`/users/${member.username}/badges/award`).expect(200);
    expect(form.text).toContain('<label for="badge">Badge</label>');
    expect(form.text).toContain('<option value="guru" >Guru (gold)</option>');
    const csrf = await csrfOf(page, `/users/${member.username}/badges/award`);
    const bad = await page.post(`/users/${member.username}/badges`).type('form').send({ _csrf: csrf, badge: 'guru', reason: '' }).expect(400);
    expect(bad.text).toContain('Give a reason: it is written to the moderation log.');
    expect(bad.text).toContain('<option value="guru" selected>Guru (gold)</option>');
    await page.post(`/users/${member.username}/badges`).type('form').send({ _csrf: csrf, badge: 'guru', reason: 'Answered the outage threads' }).expect(302)
      .expect('Location', `/users/${member.username}/badges`);
    expect((await page.get(`/users/${member.username}/badges`)).text).toContain('The badge is awarded');
    await page.post(`/users/${member.username}/badges/guru/revoke`).type('form').send({ _csrf: csrf, reason: 'Mistake' }).expect(302);
    expect((await badgesOf(t, member.id)).has('guru')).toBe(false);
  });

  it('the catalogue counts holders, and a badge page lists them newest first with the post', async () => {
    const asker = await trustedMember(t);
    const first = await createUser(t, { reputation: 100 });
    const second = await createUser(t, { reputation: 100 });
    await postAnswer(t, first, (await askQuestion(t, asker)).id);
    await drainJobs(t);
    await postAnswer(t, second, (await askQuestion(t, asker)).id);
    await drainJobs(t);

    const catalogue = await request(t.http).get('/api/v1/badges').expect(200);
    const helper = catalogue.body.items.find((b: { slug: string }) => b.slug === 'helper');
    expect(helper).toMatchObject({ name: 'Helper', tier: 'bronze', awarded: 'once', automatic: true });
    expect(helper.holders).toBeGreaterThanOrEqual(2);
    expect(catalogue.body.items.find((b: { slug: string }) => b.slug === 'nice-answer')).toMatchObject({ awarded: 'once per post' });

    const holders = await request(t.http).get('/api/v1/badges/helper').expect(200);
    const names = holders.body.items.map((h: { username: string }) => h.username);
    expect(names.indexOf(second.username)).toBeLessThan(names.indexOf(first.username));

    const page = await request(t.http).get('/badges').expect(200);
    expect(page.text.match(/<h1/g)).toHaveLength(1);
    expect(page.text).toContain('href="/badges/helper"');
    expect(page.text).toContain(`${helper.holders} holders`);
    const show = await request(t.http).get('/badges/helper').expect(200);
    expect(show.text.indexOf(second.username)).toBeLessThan(show.text.indexOf(first.username));
  });
});
