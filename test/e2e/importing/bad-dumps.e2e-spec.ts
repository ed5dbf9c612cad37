import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DumpError } from '../../../src/importing/dump-reader.js';
import { StackExchangeImporter } from '../../../src/importing/stackexchange.importer.js';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { createUser, csrfTokenFrom, startTestApp, type TestApp } from '../../support/test-app.js';
import { snapshot } from './dump-facts.js';

const run = promisify(execFile);
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'stackexchange');
const SITE = 'engines.stackexchange.com';

describe('importing a small or broken dump', () => {
  let t: TestApp;
  let importer: StackExchangeImporter;

  beforeAll(async () => {
    t = await startTestApp();
    importer = t.app.get(StackExchangeImporter);
  });
  afterAll(() => t.close());

  const failsCleanly = async (dir: string, message: RegExp) => {
    const before = await snapshot(t);
    const error = await importer.import(dir, SITE).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DumpError);
    expect((error as Error).message).toMatch(message);
    expect(await snapshot(t)).toEqual(before);
  };

  it('stops on a truncated Posts.xml with the file and position, and writes nothing (not even the members read before it)', () =>
    failsCleanly(join(FIXTURES, 'truncated'), /^Posts\.xml is not a readable Stack Exchange dump file: .*line/));

  it('stops on a row with a date that is not a date, naming the row', () =>
    failsCleanly(join(FIXTURES, 'bad-row'), /^Posts\.xml: row 2 \(Id 2\) has a CreationDate that is not a date/));

  it('stops when Users.xml is missing, an empty folder or a folder that does not exist', async () => {
    await failsCleanly(join(FIXTURES, 'no-users'), /has no Users\.xml/);
    await failsCleanly(mkdtempSync(join(tmpdir(), 'empty-dump-')), /has no Posts\.xml: this does not look like a Stack Exchange dump folder/);
    await failsCleanly(join(FIXTURES, 'no-such-folder'), /is not a folder/);
  });

  it('npm run cli -- import:stackexchange says what is wrong and exits with 1', async () => {
    const env = { ...process.env, DATABASE_URL: (t.db.options as { url: string }).url, LOG_LEVEL: 'silent', SEED_DEMO: 'false', JOB_WORKERS: 'off' };
    const failure = await run(process.execPath, ['dist/src/cli.js', 'import:stackexchange', '--dir', join(FIXTURES, 'truncated'), '--site', SITE], { env }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/Posts\.xml is not a readable Stack Exchange dump file/);
  });

  it('a dry run reports what it would import and writes nothing', async () => {
    const before = await snapshot(t);
    const summary = await importer.import(join(FIXTURES, 'orphan-answer'), SITE, { dryRun: true });
    expect(summary.dryRun).toBe(true);
    expect(summary.added).toMatchObject({ questions: 2, answers: 1, comments: 1, duplicates: 1 });
    expect(await snapshot(t)).toEqual(before);
  });

  it('skips an answer whose question is missing (and its comments), says so, and imports the rest beside existing members', async () => {
    await createUser(t, { username: 'Ada_Lovelace' });
    const summary = await importer.import(join(FIXTURES, 'orphan-answer'), SITE);
    expect(summary.skipped).toEqual({ answersWithoutQuestion: 1, commentsWithoutPost: 1, otherPostKinds: 0, duplicateLinksToMissingPosts: 0 });
    expect(summary.added).toEqual({ members: 4, questions: 2, answers: 1, comments: 1, duplicates: 1, tagDescriptions: 1, reputationEntries: 2 });
    // Usernames that collide (with a member who signed up, or with each other) get the source id as a suffix.
    const members: { username: string; imported_name: string; reputation: number }[] = await t.db.query(
      'SELECT username, imported_name, reputation FROM users WHERE imported_from = $1 ORDER BY imported_source_id NULLS FIRST',
      [SITE],
    );
    expect(members).toEqual([
      { username: 'deleted-user', imported_name: 'deleted user', reputation: 1 },
      { username: 'Community', imported_name: 'Community', reputation: 1 },
      { username: 'Ada_Lovelace-7', imported_name: 'Ada Lovelace', reputation: 131 },
      { username: 'Ada_Lovelace-8', imported_name: 'Ada Lovelace', reputation: 15 },
    ]);
    const [tag] = await t.db.query(`SELECT question_count, excerpt FROM tags WHERE name = 'engine'`);
    expect(tag).toEqual({ question_count: 2, excerpt: 'The engine that runs everything.' });
    expect((await verifyReputation(t.app)).ok).toBe(true);
  });

  it('shows the thread with code, links, images as their alt text, and attribution; the profile says where the member came from', async () => {
    const id = await importer.localId(SITE, 'post', 1);
    const page = await request(t.http).get(`/questions/${id}`).redirects(1).expect(200);
    expect(page.text).toContain('<pre><code>reset --all\n</code></pre>');
    expect(page.text).toContain('<a href="https://example.com/x" rel="nofollow ugc noopener">reset</a>');
    expect(page.text).toContain('image: the reset dialog');
    expect(page.text).toMatch(/Originally posted by Ada Lovelace on <a href="https:\/\/engines\.stackexchange\.com\/q\/1"/);
    expect(page.text).toMatch(/Originally posted by Ada Lovelace on <a href="https:\/\/engines\.stackexchange\.com\/a\/2"/);
    const duplicate = await request(t.http).get(`/questions/${await importer.localId(SITE, 'post', 4)}`).redirects(1).expect(200);
    expect(duplicate.text).toContain('closed as a duplicate of');
    expect(duplicate.text).toContain('Originally posted by gone on');
    const profile = await request(t.http).get('/users/Ada_Lovelace-7').expect(200);
    expect(profile.text).toMatch(/Imported from <a href="https:\/\/engines\.stackexchange\.com\/users\/7"[^>]*>engines\.stackexchange\.com<\/a>, where this member is Ada Lovelace/);
    expect(profile.text).toContain('I write <strong>notes</strong>.');
  });

  it('an imported member cannot sign in', async () => {
    for (const password of ['', 'any password at all']) {
      const res = await request(t.http).post('/api/v1/tokens').send({ username: 'Ada_Lovelace-7', password });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const agent = request.agent(t.http);
    const form = await agent.get('/login').expect(200);
    const res = await agent.post('/login').type('form').send({ username: 'Ada_Lovelace-7', password: 'any password at all', _csrf: csrfTokenFrom(form.text) });
    expect(res.text).toContain('Wrong username or password.');
  });
});
