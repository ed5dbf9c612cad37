import request from 'supertest';
import { createLogger } from '../../../src/common/logging/logger.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../../src/demo/demo-seed.js';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

const DAY = 24 * 3600_000;

/** The first start of a newcomer: the demo community, with a past, on an empty database. */
describe('the demo community on first start', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const started = Date.now();
    await seedDemoIfEmpty(t.app, createLogger('silent'));
    // Reported, not asserted (the machine's load decides it): the goal is under 5 s.
    process.stdout.write(`demo community seeded in ${Date.now() - started} ms\n`);
  }, 120_000);
  afterAll(() => t.close());

  const as = (username: string) => signedInAgent(t, username, DEMO_PASSWORD);

  it('has about 60 questions spread over the last 90 days, answered after realistic delays, with views', async () => {
    const [spread] = await t.db.query(
      `SELECT count(*)::int AS questions, min(created_at) AS first, max(created_at) AS last, min(view_count)::int AS min_views,
              count(DISTINCT created_at::date)::int AS days
       FROM posts WHERE type = 'question'`,
    );
    expect(spread.questions).toBeGreaterThanOrEqual(55);
    expect(Date.now() - new Date(spread.first).getTime()).toBeGreaterThan(80 * DAY);
    expect(Date.now() - new Date(spread.first).getTime()).toBeLessThan(90 * DAY);
    expect(Date.now() - new Date(spread.last).getTime()).toBeLessThan(DAY);
    expect(spread.days).toBeGreaterThan(40);
    expect(spread.min_views).toBeGreaterThan(0);
    const delays: { hours: number }[] = await t.db.query(
      `SELECT extract(epoch FROM a.created_at - q.created_at) / 3600 AS hours
       FROM posts a JOIN posts q ON q.id = a.parent_id WHERE a.type = 'answer'`,
    );
    expect(delays.every((d) => d.hours > 0)).toBe(true);
    expect(delays.some((d) => d.hours < 2)).toBe(true);
    expect(delays.some((d) => d.hours > 12)).toBe(true);
  });

  it('keeps the reputation rules: no vote earned past the daily cap, every ledger and score consistent', async () => {
    const [{ capped }] = await t.db.query(`SELECT count(*)::int AS capped FROM reputation_entries WHERE capped AND amount < requested AND requested > 0`);
    expect(capped).toBe(0);
    const [{ votes }] = await t.db.query('SELECT count(*)::int AS votes FROM votes');
    expect(votes).toBeGreaterThan(100);
    const report = await verifyReputation(t.app);
    expect(report.lines).toEqual([]);
  });

  it("gives the agents' queue questions waiting past the response target", async () => {
    const agent = await as('sam_support');
    const queue = await request(t.http).get('/api/v1/agent/queue').auth(await tokenFor(t, 'sam_support', DEMO_PASSWORD), { type: 'bearer' }).expect(200);
    expect(queue.body.items.length).toBeGreaterThanOrEqual(3);
    const page = await agent.get('/agent/queue').expect(200);
    expect(page.text).not.toContain('Nothing is waiting past its target');
    expect(page.text).toContain(queue.body.items[0].title.replace(/'/g, '&#x27;'));
  });

  it('draws insights trends over many days of the last 90', async () => {
    const moderator = await as('morgan_mod');
    const report = await request(t.http).get('/api/v1/insights?window=90').auth(await tokenFor(t, 'morgan_mod', DEMO_PASSWORD), { type: 'bearer' }).expect(200);
    const busy = report.body.trend.filter((bucket: { asked: number }) => bucket.asked > 0);
    expect(busy.length).toBeGreaterThanOrEqual(8);
    expect(report.body.questions.asked).toBeGreaterThanOrEqual(50);
    await moderator.get('/insights?window=90').expect(200);
  });

  it('has flags waiting in the review queue', async () => {
    const moderator = await as('morgan_mod');
    const page = await moderator.get('/mod/queue').expect(200);
    expect(page.text).toContain('cheap-licences');
    expect(page.text).toContain('partners forum');
  });

  it('has a pending super-user nomination earned by the rules', async () => {
    const moderator = await as('morgan_mod');
    const page = await moderator.get('/admin/super-users').expect(200);
    const [nomination] = await t.db.query(`SELECT u.username FROM super_user_nominations n JOIN users u ON u.id = n.user_id WHERE n.status = 'pending'`);
    expect(nomination?.username).toBe('priya');
    expect(page.text).toContain('priya');
  });

  it('has published articles and a draft', async () => {
    const [{ published, drafts }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'published')::int AS published, count(*) FILTER (WHERE status = 'draft')::int AS drafts FROM kb_articles`,
    );
    expect(published).toBeGreaterThanOrEqual(2);
    expect(drafts).toBeGreaterThanOrEqual(1);
    await request(t.http).get('/kb').expect(200);
  });

  it('publishes its service levels: the page shows figures and every page links to it', async () => {
    const page = await request(t.http).get('/service-levels?tz=UTC').expect(200);
    expect(page.text).toContain('<h1');
    expect(page.text).toMatch(/\d+\s?%/);
    const home = await request(t.http).get('/questions').expect(200);
    expect(home.text).toContain('href="/service-levels"');
  });

  it('is created only on an empty database', async () => {
    const [{ before }] = await t.db.query('SELECT count(*)::int AS before FROM posts');
    await seedDemoIfEmpty(t.app, createLogger('silent'));
    const [{ after }] = await t.db.query('SELECT count(*)::int AS after FROM posts');
    expect(after).toBe(before);
  });
});
