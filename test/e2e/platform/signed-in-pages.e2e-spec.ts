import { PageCache } from '../../../src/page-cache/page-cache.service.js';
import { bulkSeed } from '../../../src/seeding/bulk-seeder.js';
import { statementsRun } from '../../support/query-log.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';

/** Time-driven background work that may land in the window and is no cost of the page: the batch of view counts, the settings refresh. */
const BACKGROUND = /post_views|reputation_settings/;

/**
 * What a signed-in member's page view costs in SQL statements, every pool counted (the session
 * store's too). Each budget is what the page needs today: the session, the member, the unread
 * count, then the page's own reads (rendered for the first member of an audience) or what tells
 * whether the body kept for their audience is theirs (for the members after); a statement more
 * fails here, whatever the timing.
 */
describe('signed-in pages in a handful of statements', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signedInAgent>>;
  const paths: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    await bulkSeed(t.db, { posts: 3000, seed: 11, passwordHash: 'not-a-real-hash' });
    const member = await createUser(t, { reputation: 500 });
    agent = await signedInAgent(t, member.username);
    const [thread] = await t.db.query(`SELECT id, slug FROM posts WHERE type = 'question' ORDER BY answer_count DESC, id LIMIT 1`);
    const [{ cursor }] = await t.db.query(`SELECT id AS cursor FROM posts WHERE type = 'question' ORDER BY id LIMIT 1 OFFSET 300`);
    // The top member: the most posts, the longest reputation history.
    const [{ username }] = await t.db.query(`SELECT username FROM users ORDER BY reputation DESC LIMIT 1`);
    Object.assign(paths, {
      thread: `/questions/${thread.id}/${thread.slug}`,
      newest: '/questions',
      deepByCursor: `/questions?after=${cursor}`,
      oldDeepLink: '/questions?page=15',
      profile: `/users/${username}`,
    });
  }, 120_000);
  afterAll(() => t.close());

  /** The statements of one read of `path`, rendered for this member or (`shared`) from the body kept for their audience. */
  async function statementsOf(path: string, shared = false): Promise<string[]> {
    await agent.get(path).set('Host', 'answerbase.test').expect(200); // caches warm and the session touched, as on a running site
    if (!shared) t.app.get(PageCache).forgetAll();
    const statements = await statementsRun(t.db, async () => {
      const page = await agent.get(path).set('Host', 'answerbase.test').expect(200);
      expect(page.headers['x-cache']).toBe(shared ? 'shared' : undefined);
    });
    return statements.filter((sql) => !BACKGROUND.test(sql)).map((sql) => sql.slice(0, 120));
  }

  it.each([
    ['thread', 4], // the session, the member, the unread count, the viewer's votes on the thread
    ['newest', 3],
    ['deepByCursor', 3],
    ['oldDeepLink', 3],
    ['profile', 3],
  ])('%s page from the body kept for the audience: at most %i statements', async (page, budget) => {
    const statements = await statementsOf(paths[page]!, true);
    expect(statements.length <= budget ? [] : statements).toEqual([]);
  });

  it.each([
    ['thread', 8], // + the viewer's votes, name marks, knowledge articles, an escalation, the thread in one query
    ['newest', 5], // + name marks, the page of questions in one query
    ['deepByCursor', 5],
    ['oldDeepLink', 5],
    ['profile', 8], // + the member, name marks, reputation history, its links, counts and top posts in one query
  ])('%s page: at most %i statements, and no write on a read', async (page, budget) => {
    const statements = await statementsOf(paths[page]!);
    expect(statements.length <= budget ? [] : statements).toEqual([]);
    expect(statements.filter((sql) => !/^\s*SELECT\b/i.test(sql))).toEqual([]);
  });
});
