import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BadgeMarksService } from '../../../src/badges/badge-marks.service.js';
import { JobQueue } from '../../../src/jobs/job-queue.js';
import { questionPath } from '../../../src/threads/threads.presenter.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfTokenFrom, PASSWORD, startTestAppOn, tokenFor, type TestApp } from '../../support/test-app.js';
import { createTestDatabase } from '../../support/test-database.js';
import { waitUntil } from '../../support/wait.js';

const LOGIN_LIMIT = 30;

/** The session cookie ('name=value') among a response's Set-Cookie headers, or ''. */
function sessionCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all.find((c) => c.startsWith('ab.sid='))?.split(';')[0] ?? '';
}
const TEST_JOB = 'test.cluster.once';

/**
 * Two app instances on one database act as one site: sessions, tokens, rate limits and jobs live in
 * PostgreSQL, and what an instance keeps in memory hears of changes over the cluster channel.
 */
describe('Two app instances on one database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestApp;
  let b: TestApp;
  const ran = { a: [] as string[], b: [] as string[] };

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      JOB_WORKERS: 'on',
      JOB_POLL_SECONDS: '1',
      RATE_LIMITS: 'on',
      RATE_LIMIT_LOGIN_PER_MINUTE: String(LOGIN_LIMIT),
      // The rate-limit test speaks from addresses of its own; the other tests' logins stay out of its budget.
      TRUST_PROXY: '1',
    };
    a = await startTestAppOn(database.url, env);
    b = await startTestAppOn(database.url, env);
    // Both instances work the same queue, as two replicas of one deployment do.
    await a.app.get(JobQueue).subscribe<{ id: string }>(TEST_JOB, async ({ id }) => void ran.a.push(id));
    await b.app.get(JobQueue).subscribe<{ id: string }>(TEST_JOB, async ({ id }) => void ran.b.push(id));
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('keeps a member signed in on A signed in on B (one session store)', async () => {
    const member = await createUser(a);
    const loginPage = await request(a.http).get('/login').expect(200);
    const firstCookie = sessionCookie(loginPage.headers['set-cookie']);
    const login = await request(a.http)
      .post('/login')
      .set('Cookie', firstCookie)
      .type('form')
      .send({ username: member.username, password: PASSWORD, _csrf: csrfTokenFrom(loginPage.text) })
      .expect(302);
    const cookie = sessionCookie(login.headers['set-cookie']) || firstCookie;
    expect((await request(b.http).get('/').set('Cookie', cookie).expect(200)).text).toContain(`class="viewer">${member.username}`);
    // And a stranger on B is not.
    expect((await request(b.http).get('/').expect(200)).text).not.toContain('class="viewer"');
  });

  it('accepts on B an API token issued on A', async () => {
    const admin = await createUser(a, { role: 'admin' });
    const token = await tokenFor(a, admin.username);
    await request(b.http).get('/api/v1/reputation/rules').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('applies a reputation rule changed on A on B within a second', async () => {
    const admin = await createUser(a, { role: 'admin' });
    const token = await tokenFor(a, admin.username);
    const rulesOnB = async () => (await request(b.http).get('/api/v1/reputation/rules').set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect((await rulesOnB()).privilegeComment).toBe(50);
    await request(a.http).put('/api/v1/reputation/rules').set('Authorization', `Bearer ${token}`).send({ privilegeComment: 7 }).expect(200);
    // B keeps the rules in memory and re-reads them only every minute unless told: only the channel can do this.
    await waitUntil("B serves A's new rule", async () => (await rulesOnB()).privilegeComment === 7, 1_000);
  });

  it('applies a setting changed on A on B within a second', async () => {
    const admin = await createUser(a, { role: 'admin' });
    const token = await tokenFor(a, admin.username);
    const barOnB = async () => (await request(b.http).get('/api/v1/super-users/settings').set('Authorization', `Bearer ${token}`).expect(200)).body;
    await request(a.http).put('/api/v1/super-users/settings').set('Authorization', `Bearer ${token}`).send({ superUserMinReputation: 777 }).expect(200);
    await waitUntil("B applies A's new super-user bar", async () => (await barOnB()).superUserMinReputation === 777, 1_000);
  });

  it('keeps the marks beside names in memory, and shows on B within a second a badge awarded on A', async () => {
    const member = await createUser(a);
    const moderator = await createUser(a, { role: 'moderator' });
    const marksOnB = async () => (await b.app.get(BadgeMarksService).forUsers([member.id])).get(member.id);
    expect(await marksOnB()).toBeUndefined();
    // A write that announces nothing (as an import) is not read again while the marks are kept.
    await a.db.query(`INSERT INTO badge_awards (user_id, badge) VALUES ($1, 'curious')`, [member.id]);
    expect(await marksOnB()).toBeUndefined();
    // An award announces the change on commit: B drops what it kept and reads both.
    const token = await tokenFor(a, moderator.username);
    await request(a.http).post(`/api/v1/users/${member.username}/badges`).set('Authorization', `Bearer ${token}`).send({ badge: 'editor', reason: 'Tidied the guides' }).expect(201);
    await waitUntil("B shows A's award", async () => (await marksOnB())?.total === 2, 1_000);
    expect(await marksOnB()).toEqual({ superUser: false, gold: 0, silver: 1, bronze: 1, total: 2 });
  });

  it('counts a rate limit across both instances', async () => {
    const member = await createUser(a);
    const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const attempt = (t: TestApp) => request(t.http).post('/api/v1/tokens').set('X-Forwarded-For', address).send({ username: member.username, password: 'not the password' });
    for (let i = 0; i < LOGIN_LIMIT; i++) expect((await attempt(i % 2 === 0 ? a : b)).status).toBe(401);
    // Half the budget was spent on each instance: one more on either is refused.
    expect((await attempt(a)).status).toBe(429);
    expect((await attempt(b)).status).toBe(429);
    // The right password from another address still works.
    await request(b.http).post('/api/v1/tokens').send({ username: member.username, password: PASSWORD }).expect(201);
  });

  // With the anonymous page cache (issue 20), this is "a page cached on B is invalidated by a write on A".
  it('shows an anonymous reader on B an answer posted on A within a second', async () => {
    const asker = await createUser(a);
    const answerer = await createUser(a);
    const question = await askQuestion(a, asker);
    const path = questionPath(question);
    const marker = `Posted on instance A ${randomUUID()}`;
    expect((await request(b.http).get(path).expect(200)).text).not.toContain(marker);
    await postAnswer(a, answerer, question.id, `${marker}: open Settings, then Advanced, and enable the option.`);
    await waitUntil('B shows the answer posted on A', async () => (await request(b.http).get(path)).text.includes(marker), 1_000);
  });

  it('drops from the search results B keeps a thread deleted on A', async () => {
    const asker = await createUser(a);
    const word = `zq${randomUUID().slice(0, 8)}`;
    const question = await askQuestion(a, asker, { title: `Deleted everywhere ${word} thread`, tags: ['cluster'] });
    const found = () => request(b.http).get(`/api/v1/search?q=${word}`).expect(200);
    // Asked of the index: asking the page would keep its first, empty answer for the time-to-live.
    await waitUntil('the thread is indexed', async () => (await a.db.query('SELECT 1 FROM search_documents WHERE id = $1', [`question-${question.id}`])).length === 1, 10_000);
    expect((await found()).body.total).toBe(1); // B keeps this answer for its time-to-live
    await request(a.http).delete(`/api/v1/questions/${question.id}`).set('Authorization', `Bearer ${await tokenFor(a, asker.username)}`).expect(204);
    await waitUntil('B no longer finds the deleted thread', async () => (await found()).body.total === 0, 10_000);
  });

  it('runs each job exactly once, whichever instance takes it', async () => {
    const ids = Array.from({ length: 200 }, () => randomUUID());
    await a.db.transaction((tx) => a.app.get(JobQueue).publishAll(tx, ids.slice(0, 100).map((id) => ({ name: TEST_JOB, data: { id } }))));
    await b.db.transaction((tx) => b.app.get(JobQueue).publishAll(tx, ids.slice(100).map((id) => ({ name: TEST_JOB, data: { id } }))));
    const done = () => ran.a.length + ran.b.length;
    await waitUntil('both workers finish the 200 jobs', () => done() >= ids.length, 30_000);
    // A moment more for any job that would run a second time.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const all = [...ran.a, ...ran.b];
    expect(all).toHaveLength(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
  });
});
