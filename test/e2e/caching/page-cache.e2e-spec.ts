import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createTestDatabase } from '../../support/test-database.js';
import { createUser, csrfOf, signedInAgent, startTestAppOn, tokenFor, type TestApp } from '../../support/test-app.js';
import { ClusterEvents } from '../../../src/cluster/cluster-events.service.js';
import { ViewCounter } from '../../../src/threads/view-counter.js';
import { AcceptanceService } from '../../../src/threads/acceptance.service.js';
import { ArticlesService } from '../../../src/knowledge/articles.service.js';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { QuestionsService } from '../../../src/threads/questions.service.js';
import { AnswersService } from '../../../src/threads/answers.service.js';
import { PromotionService } from '../../../src/knowledge/promotion.service.js';
import { PageCache } from '../../../src/page-cache/page-cache.service.js';

const ANONYMOUS_CONTROL = 'public, max-age=0, s-maxage=1, stale-while-revalidate=30';

/**
 * Invalidations travel through PostgreSQL (LISTEN/NOTIFY) and arrive just after the commit: the
 * check is repeated until it holds or five seconds pass (a bound on waiting, not a timing assertion).
 */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('the anonymous page cache', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  // On a database of the suite's own, so that a second instance of the site can share it.
  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestAppOn(database.url);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  // Pages are kept per host (a page names its own origin); supertest gives each request another port.
  const anonymous = (path: string, http = t.http) => request(http).get(path).set('Host', 'answerbase.test');

  /** A signed-in member's agent whose reads name one host, as a browser's do, the welcome flash already shown. */
  async function memberOn(app: TestApp, options: Parameters<typeof createUser>[1] = { reputation: 300 }) {
    const user = await createUser(t, options);
    const agent = await signedInAgent(app, user.username);
    await agent.get('/settings/account').expect(200);
    return { user, get: (path: string) => agent.get(path).set('Host', 'answerbase.test'), post: (path: string) => agent.post(path).set('Host', 'answerbase.test') };
  }

  /**
   * Waits until the instance has heard every invalidation committed so far: a marker sent now
   * arrives after them (one channel, in commit order). Otherwise a late invalidation of a change
   * made before a read could drop the page that read kept.
   */
  let markers = 0;
  async function settled(app: TestApp['app'] = t.app): Promise<void> {
    const marker = `test-marker-${++markers}`;
    const cluster = app.get(ClusterEvents);
    const heard = new Promise<void>((resolve) =>
      cluster.subscribe('page-cache.invalidate', (payload) => ((payload as { tags: string[] }).tags.includes(marker) ? resolve() : undefined)),
    );
    await cluster.publish('page-cache.invalidate', { tags: [marker] });
    await heard;
  }

  /** Reads the page twice as an anonymous reader: the second read must come from the cache. */
  async function cached(path: string, http = t.http, app = t.app) {
    await settled(app);
    await anonymous(path, http).expect(200);
    const again = await anonymous(path, http).expect(200);
    expect(again.headers['x-cache']).toBe('hit');
    return again;
  }

  it('serves a second anonymous read of a thread from memory, without the database, with public caching headers', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Router drops the connection every hour' });
    const path = `/questions/${question.id}/${question.slug}`;
    await settled();
    const first = await anonymous(path).expect(200);
    expect(first.headers['x-cache']).toBeUndefined();
    expect(first.headers['cache-control']).toBe(ANONYMOUS_CONTROL);
    expect(first.headers.vary).toMatch(/Cookie/);
    expect(first.headers['set-cookie']).toBeUndefined();

    // A change behind the app's back (no event): the kept page does not read the database.
    await t.db.query(`UPDATE posts SET title = 'Changed behind the cache' WHERE id = $1`, [question.id]);
    const second = await anonymous(path).expect(200);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.text).toContain('Router drops the connection every hour');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['cache-control']).toBe(ANONYMOUS_CONTROL);
    expect(second.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('answers a conditional GET with 304 and no body, from the cache and from a fresh render', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const path = `/questions/${question.id}/${question.slug}`;
    await settled();
    const page = await anonymous(path).expect(200);
    const etag = page.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const hit = await anonymous(path).set('If-None-Match', etag).expect(304);
    expect(hit.text).toBe('');
    expect(hit.headers['x-cache']).toBe('hit');
    expect(hit.headers.etag).toBe(etag);
    await anonymous(path).set('If-None-Match', '"something-else"').expect(200);

    // After a change the page is another: the old ETag no longer matches.
    await postAnswer(t, await createUser(t), question.id);
    await eventually(async () => {
      const after = await anonymous(path).set('If-None-Match', etag).expect(200);
      expect(after.headers.etag).not.toBe(etag);
    });
  });

  it('keeps pages gzipped, sends them so to readers who take gzip and as HTML to the others, each form with its own ETag', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Toner light blinks after a new cartridge', body: 'The toner light keeps blinking. '.repeat(40) });
    const path = `/questions/${question.id}/${question.slug}`;
    await settled();
    const held = t.app.get(PageCache).stats().bytes;
    const rendered = await anonymous(path).set('Accept-Encoding', 'gzip').expect(200);
    expect(rendered.headers['content-encoding']).toBe('gzip');
    expect(rendered.headers['content-type']).toBe('text/html; charset=utf-8');
    const gzipped = Number(rendered.headers['content-length']);
    expect(t.app.get(PageCache).stats().bytes - held).toBe(gzipped);

    const plain = await anonymous(path).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['x-cache']).toBe('hit');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(rendered.text); // the same page, decompressed by the client in the first case
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(plain.text));
    expect(gzipped).toBeLessThan(Buffer.byteLength(plain.text) / 3);
    for (const res of [rendered, plain]) expect(res.headers.vary).toMatch(/Cookie, Accept-Encoding/i);

    expect(rendered.headers.etag).not.toBe(plain.headers.etag);
    await anonymous(path).set('Accept-Encoding', 'gzip').set('If-None-Match', rendered.headers.etag as string).expect(304);
    await anonymous(path).set('Accept-Encoding', 'identity').set('If-None-Match', plain.headers.etag as string).expect(304);
    await anonymous(path).set('Accept-Encoding', 'identity').set('If-None-Match', rendered.headers.etag as string).expect(200);
    const head = await request(t.http).head(path).set('Host', 'answerbase.test').set('Accept-Encoding', 'identity').expect(200);
    expect(head.headers['x-cache']).toBe('hit');
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(plain.text));
  });

  it('drops a thread page on every kind of change to the thread', async () => {
    const asker = await createUser(t, { reputation: 100 });
    const helper = await createUser(t, { reputation: 100 });
    const voter = await createUser(t, { reputation: 100 });
    const moderator = await createUser(t, { role: 'moderator' });
    const agent = await createUser(t, { role: 'agent' });
    const question = await askQuestion(t, asker, { title: 'Printer prints blank pages after update' });
    const path = `/questions/${question.id}/${question.slug}`;
    const voterToken = await tokenFor(t, voter.username);
    const moderatorToken = await tokenFor(t, moderator.username);

    /** Primes the cache, makes the change, then the page shows it (it was not served stale). */
    const change = async (name: string, act: () => Promise<unknown>, shows: (html: string) => boolean) => {
      await cached(path);
      await act();
      await eventually(async () => {
        const page = await anonymous(path).expect(200);
        expect({ name, shows: shows(page.text) }).toEqual({ name, shows: true });
      });
    };

    let answerId = 0;
    await change('a new answer', async () => (answerId = (await postAnswer(t, helper, question.id, 'Reinstall the driver from the vendor site, version 4.2.')).id), (html) => html.includes('version 4.2'));
    await change('an edited question', () => t.app.get(QuestionsService).edit(asker, question.id, { body: 'It prints blank pages since the March update, on every tray.' }), (html) => html.includes('on every tray'));
    await change('an edited answer', () => t.app.get(AnswersService).edit(helper, answerId, { body: 'Reinstall the driver from the vendor site, version 4.3 or later.' }), (html) => html.includes('version 4.3'));
    await change('an upvote', () => request(t.http).post(`/api/v1/answers/${answerId}/vote`).set('Authorization', `Bearer ${voterToken}`).send({ value: 1 }).expect(200), (html) => new RegExp(`id="answer-${answerId}"[\\s\\S]*?>1<`).test(html));
    let commentId = 0;
    await change('a comment', async () => (commentId = (await t.app.get(CommentsService).add(voter, 'answer', answerId, { body: 'This worked for me on the office printer.' })).comment.id), (html) => html.includes('worked for me on the office printer'));
    await change('a deleted comment', () => t.app.get(CommentsService).delete(voter, commentId), (html) => !html.includes('worked for me on the office printer'));
    await change('an accepted answer', () => acceptAnswer(t, asker, answerId), (html) => html.includes('accepted'));
    await change('an unaccepted answer', () => t.app.get(AcceptanceService).unaccept(asker, answerId), (html) => !/class="[^"]*\baccepted\b/.test(html));
    await change('a locked thread', () => request(t.http).post(`/api/v1/mod/threads/${question.id}/lock`).set('Authorization', `Bearer ${moderatorToken}`).send({ reason: 'Heated argument' }).expect(200), (html) => html.includes('This thread is locked'));
    await change('an unlocked thread', () => request(t.http).post(`/api/v1/mod/threads/${question.id}/unlock`).set('Authorization', `Bearer ${moderatorToken}`).send({}).expect(200), (html) => !html.includes('This thread is locked'));
    await change('an answer made into a published article', async () => {
      const { article } = await t.app.get(PromotionService).promote(agent, answerId);
      await t.app.get(ArticlesService).publish(agent, article.id);
    }, (html) => html.includes('/kb/'));
    await change('a deleted answer', () => t.app.get(AnswersService).delete(helper, answerId), (html) => !html.includes('version 4.3'));
    await change('a closed thread', () => request(t.http).post(`/api/v1/mod/threads/${question.id}/close`).set('Authorization', `Bearer ${moderatorToken}`).send({ closeReason: 'off-topic' }).expect(200), (html) => /closed/i.test(html));
    await cached(path);
    await t.app.get(QuestionsService).delete(asker, question.id);
    await eventually(async () => void (await anonymous(path).expect(404)));
  });

  it('drops the question lists when a question is asked or a thread changes', async () => {
    const asker = await createUser(t);
    await cached('/questions');
    await cached('/tags/setup');
    const question = await askQuestion(t, asker, { title: 'Scanner is not found over the network' });
    await eventually(async () => expect((await anonymous('/questions').expect(200)).text).toContain('Scanner is not found over the network'));
    await eventually(async () => expect((await anonymous('/tags/setup').expect(200)).text).toContain('Scanner is not found over the network'));
    await cached('/questions');
    await t.app.get(QuestionsService).edit(asker, question.id, { title: 'Scanner is not found on the office network' });
    await eventually(async () => expect((await anonymous('/questions').expect(200)).text).toContain('Scanner is not found on the office network'));
  });

  it('still counts the views of readers served from the cache', async () => {
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const path = `/questions/${question.id}/${question.slug}`;
    await settled();
    await anonymous(path).set('User-Agent', 'reader-one').expect(200);
    const hit = await anonymous(path).set('User-Agent', 'reader-two').expect(200);
    expect(hit.headers['x-cache']).toBe('hit');
    await anonymous(path).set('User-Agent', 'reader-two').expect(200);
    await t.app.get(ViewCounter).flush();
    const [{ view_count }] = await t.db.query('SELECT view_count FROM posts WHERE id = $1', [question.id]);
    expect(view_count).toBe(2);
  });

  describe('never anything personal', () => {
    it('renders every page for a signed-in member, privately, and never keeps it for others', async () => {
      const member = await createUser(t, { username: 'private_reader_1' });
      const question = await askQuestion(t, await createUser(t));
      const path = `/questions/${question.id}/${question.slug}`;
      const agent = await signedInAgent(t, member.username);
      for (let i = 0; i < 2; i++) {
        const page = await agent.get(path).expect(200);
        expect(page.headers['x-cache']).toBeUndefined();
        expect(page.headers['cache-control']).toBe('private, no-store');
        expect(page.text).toContain('private_reader_1');
        expect(page.text).toContain('name="_csrf"');
      }
      const forOthers = await anonymous(path).expect(200);
      expect(forOthers.text).not.toContain('private_reader_1');
      expect(forOthers.text).not.toContain('name="_csrf"');
      expect(forOthers.headers['cache-control']).toBe(ANONYMOUS_CONTROL);
    });

    it('does not give a member the page kept for anonymous readers', async () => {
      const member = await createUser(t, { username: 'private_reader_2' });
      const question = await askQuestion(t, await createUser(t));
      const path = `/questions/${question.id}/${question.slug}`;
      await cached(path);
      const agent = await signedInAgent(t, member.username);
      const page = await agent.get(path).expect(200);
      expect(page.headers['x-cache']).toBeUndefined();
      expect(page.text).toContain('private_reader_2');
      expect(page.text).toContain('name="_csrf"');
    });

    it('keeps no page with a form token, and no page for a reader who has a session', async () => {
      const login = await anonymous('/login').expect(200);
      expect(login.text).toContain('name="_csrf"');
      expect(login.headers['cache-control']).toBe('private, no-store');
      const again = await anonymous('/login').expect(200);
      expect(again.headers['x-cache']).toBeUndefined();

      // A reader with a session (a form token in it) is never served the shared page.
      const question = await askQuestion(t, await createUser(t));
      const path = `/questions/${question.id}/${question.slug}`;
      await cached(path);
      const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      const withSession = await anonymous(path).set('Cookie', cookie).expect(200);
      expect(withSession.headers['x-cache']).toBeUndefined();
      // Other cookies (analytics, preferences) do not make a reader personal.
      expect((await anonymous(path).set('Cookie', 'theme=dark').expect(200)).headers['x-cache']).toBe('hit');
    });

    it('shows a flash only to its reader: the page after a form post is never kept', async () => {
      const member = await createUser(t);
      const agent = await signedInAgent(t, member.username);
      const form = await agent.get('/questions/ask').expect(200);
      expect(form.headers['cache-control']).toBe('private, no-store');
      const posted = await agent
        .post('/questions')
        .type('form')
        .send({ title: 'Wi-Fi calling stops after a restart', body: 'After every restart Wi-Fi calling is off until I toggle it twice.', tags: 'setup', _csrf: await csrfOf(agent, '/questions/ask') })
        .expect(302);
      const withFlash = await agent.get(posted.headers.location!).expect(200);
      expect(withFlash.text).toContain('Your question is posted');
      expect(withFlash.headers['cache-control']).toBe('private, no-store');
      const forOthers = await anonymous(posted.headers.location!).expect(200);
      expect(forOthers.text).not.toContain('Your question is posted');
    });

    it('keeps no error page, redirect or API response', async () => {
      const missing = await anonymous('/questions/999999/nothing-here').expect(404);
      expect(missing.headers['cache-control']).toBe('private, no-store');
      expect((await anonymous('/questions/999999/nothing-here').expect(404)).headers['x-cache']).toBeUndefined();
      const question = await askQuestion(t, await createUser(t));
      await anonymous(`/questions/${question.id}/wrong-slug`).expect(301);
      expect((await anonymous(`/questions/${question.id}/wrong-slug`).expect(301)).headers['x-cache']).toBeUndefined();
      await anonymous(`/api/v1/questions/${question.id}`).expect(200);
      expect((await anonymous(`/api/v1/questions/${question.id}`).expect(200)).headers['x-cache']).toBeUndefined();
    });
  });

  describe("members share a page's body with their audience, never what is theirs", () => {
    /** The form tokens of a page: a member's page carries only their own. */
    const tokensIn = (html: string) => new Set([...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1]));
    /** The view count moves with every first read of the hour: the one line a kept body may show older. */
    const comparable = (html: string) => html.replace(/viewed \d+ times?/, 'viewed N times');

    const member = (options: Parameters<typeof createUser>[1] = {}) => memberOn(t, options);

    async function threadWithAnswer() {
      const asker = await createUser(t, { reputation: 300 });
      const helper = await createUser(t, { reputation: 300 });
      const question = await askQuestion(t, asker, { title: 'Laptop fan runs at full speed when idle' });
      const answer = await postAnswer(t, helper, question.id, 'Update the BIOS: the fan curve was fixed in version 1.12.');
      await t.app.get(CommentsService).add(helper, 'question', question.id, { body: 'Which BIOS version do you have?' });
      return { asker, helper, question, answer, path: `/questions/${question.id}/${question.slug}` };
    }

    it('gives a second member of the same standing the body rendered for the first, with their own name and form token, exactly as a fresh render', async () => {
      const { path } = await threadWithAnswer();
      const first = await member({ reputation: 300, username: 'shared_reader_a' });
      const second = await member({ reputation: 320, username: 'shared_reader_b' });
      await settled();
      const rendered = await first.get(path).expect(200);
      expect(rendered.headers['x-cache']).toBeUndefined();
      const shared = await second.get(path).expect(200);
      expect(shared.headers['x-cache']).toBe('shared');
      expect(shared.headers['cache-control']).toBe('private, no-store');

      expect(shared.text).toContain('shared_reader_b');
      expect(shared.text).not.toContain('shared_reader_a');
      const [mine] = [...tokensIn(shared.text)];
      expect(tokensIn(shared.text)).toEqual(new Set([mine]));
      expect(tokensIn(rendered.text)).not.toContain(mine);
      // Its form token works: the member can post from the shared page.
      const question = /action="\/questions\/(\d+)\/answers"/.exec(shared.text)![1];
      await second.post(`/questions/${question}/answers`).type('form').send({ body: 'Same here: a BIOS update fixed the fan for me too.', _csrf: mine }).expect(302);

      // What the member would have been shown without the shared body (the page changed since: a fresh render of both).
      await settled();
      const fresh = await second.get(path).expect(200);
      expect(fresh.headers['x-cache']).toBeUndefined(); // they wrote an answer: now the page is theirs alone
      t.app.get(PageCache).forgetAll();
      const again = await first.get(path).expect(200);
      expect(again.headers['x-cache']).toBeUndefined();
      const third = await member({ reputation: 300, username: 'shared_reader_c' });
      const sharedAgain = await third.get(path).expect(200);
      expect(sharedAgain.headers['x-cache']).toBe('shared');
      t.app.get(PageCache).forgetAll();
      const renderedForThird = await third.get(path).expect(200);
      expect(renderedForThird.headers['x-cache']).toBeUndefined();
      expect(comparable(sharedAgain.text)).toBe(comparable(renderedForThird.text));
    });

    it('gives a page of their own to whoever wrote or voted on part of the thread, to another role, standing or suspension', async () => {
      const { asker, helper, answer, path } = await threadWithAnswer();
      const voter = await createUser(t, { reputation: 300 });
      await request(t.http).post(`/api/v1/answers/${answer.id}/vote`).set('Authorization', `Bearer ${await tokenFor(t, voter.username)}`).send({ value: 1 }).expect(200);
      const newcomer = await createUser(t, { reputation: 3 });
      const moderator = await createUser(t, { role: 'moderator' });
      const suspended = await createUser(t, { reputation: 300 });
      await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day', suspension_reason = 'Spam links' WHERE id = $1`, [suspended.id]);
      await settled();
      // A member of the plain audience reads first: that body is kept.
      const plain = await member({ reputation: 300 });
      await plain.get(path).expect(200);
      expect((await (await member({ reputation: 300 })).get(path).expect(200)).headers['x-cache']).toBe('shared');

      /** Two reads: the first is rendered for them; the second too, or (`audience`) shared with those of their own role or standing. */
      const own = async (who: { username: string }, shows: RegExp, audience?: 'their own audience') => {
        const agent = await signedInAgent(t, who.username);
        for (const expected of [undefined, audience ? 'shared' : undefined]) {
          const page = await agent.get(path).set('Host', 'answerbase.test').expect(200);
          expect({ who: who.username, cache: page.headers['x-cache'] }).toEqual({ who: who.username, cache: expected });
          expect(page.text).toMatch(shows);
        }
      };
      await own(asker, /Accept this answer/);
      await own(helper, new RegExp(`href="/answers/${answer.id}/edit"`));
      await own(voter, /aria-pressed="true"/);
      await own(newcomer, /Upvoting needs 15 reputation; you have 3/, 'their own audience');
      await own(moderator, /Lock the thread/, 'their own audience');
      await own(suspended, /Your account is suspended until[^<]*Reason: Spam links/);
      // And the plain audience's body shows none of theirs.
      const plainAgain = await plain.get(path).expect(200);
      expect(plainAgain.headers['x-cache']).toBe('shared');
      expect(plainAgain.text).not.toMatch(/Accept this answer|aria-pressed="true"|Lock the thread|suspended until|you have 3/);
    });

    it('renders afresh for a member back from a form (a flash to show), whose change may not have reached the cache yet', async () => {
      const { question, path } = await threadWithAnswer();
      const first = await member({ reputation: 300 });
      const second = await member({ reputation: 300 });
      await settled();
      await first.get(path).expect(200);
      expect((await second.get(path).expect(200)).headers['x-cache']).toBe('shared');
      const token = [...tokensIn((await second.get(path).expect(200)).text)][0]!;
      // Watching changes nothing the page shows, so the shared body stays kept: only the flash tells.
      const back = await second.post(`/questions/${question.id}/watch`).type('form').send({ watching: 'true', next: path, _csrf: token }).expect(302);
      const withFlash = await second.get(back.headers.location!).expect(200);
      expect(withFlash.text).toContain('You are watching this thread.');
      expect(withFlash.headers['x-cache']).toBeUndefined();
      expect((await second.get(path).expect(200)).headers['x-cache']).toBe('shared');
    });

    it("drops support agents' shared body when an answer is promoted to a draft article, which only they see", async () => {
      const { answer, path } = await threadWithAnswer();
      const first = await member({ role: 'agent' });
      const second = await member({ role: 'agent' });
      await settled();
      await first.get(path).expect(200);
      const before = await second.get(path).expect(200);
      expect(before.headers['x-cache']).toBe('shared');
      expect(before.text).toContain('Promote to knowledge base');
      await t.app.get(PromotionService).promote(first.user, answer.id);
      await eventually(async () => expect((await second.get(path).expect(200)).text).toMatch(/became a knowledge base article \(draft\)/));
    });

    it('drops the shared body when the thread changes, and gives the lists and profiles to every member alike', async () => {
      const { helper, answer, path } = await threadWithAnswer();
      const reader = await member({ reputation: 300 });
      const other = await member({ reputation: 300 });
      await settled();
      await reader.get(path).expect(200);
      expect((await other.get(path).expect(200)).headers['x-cache']).toBe('shared');
      await t.app.get(AnswersService).edit(helper, answer.id, { body: 'Update the BIOS: version 1.14 fixed the fan curve for good.' });
      await eventually(async () => expect((await other.get(path).expect(200)).text).toContain('version 1.14 fixed the fan curve'));

      for (const list of ['/questions', '/tags', '/users', `/users/${helper.username}`]) {
        await settled();
        await reader.get(list).expect(200);
        const page = await other.get(list).expect(200);
        expect({ list, cache: page.headers['x-cache'] }).toEqual({ list, cache: 'shared' });
      }
      // A profile is not shared with its own member: it links to their tokens.
      const self = await signedInAgent(t, helper.username);
      const profile = await self.get(`/users/${helper.username}`).set('Host', 'answerbase.test').expect(200);
      expect(profile.headers['x-cache']).toBeUndefined();
      expect(profile.text).toContain('Manage API access tokens');
      expect((await other.get(`/users/${helper.username}`).expect(200)).text).not.toContain('Manage API access tokens');
    });

  });

  it('gives signed-in pages ETags and 304s too', async () => {
    const member = await createUser(t);
    const question = await askQuestion(t, await createUser(t));
    const path = `/questions/${question.id}/${question.slug}`;
    const agent = await signedInAgent(t, member.username);
    await agent.get(path).set('Host', 'answerbase.test').expect(200); // shows the welcome flash, and counts the view
    await t.app.get(ViewCounter).flush();
    const page = await agent.get(path).set('Host', 'answerbase.test').expect(200);
    expect(page.headers.etag).toBeDefined();
    expect(page.headers['cache-control']).toBe('private, no-store');
    // The second read comes from the body kept for the member's audience: the same page, so the same ETag.
    const again = await agent.get(path).set('Host', 'answerbase.test').set('If-None-Match', page.headers.etag as string).expect(304);
    expect(again.headers['x-cache']).toBe('shared');
  });

  it('keeps lists, tags, profiles and the knowledge base index for anonymous readers', async () => {
    const member = await createUser(t);
    for (const path of ['/', '/questions?sort=unanswered', '/tags', '/tags/setup', '/users', `/users/${member.username}`, '/kb']) {
      const page = await cached(path);
      expect(page.headers['cache-control']).toBe(ANONYMOUS_CONTROL);
    }
  });

  it('on two instances: a change written on one drops the page the other keeps', async () => {
    const other = await startTestAppOn(database.url);
    try {
      const asker = await createUser(t);
      const question = await askQuestion(t, asker, { title: 'Headset microphone is too quiet' });
      const path = `/questions/${question.id}/${question.slug}`;
      await cached(path, other.http, other.app);
      const list = await cached('/questions', other.http, other.app);
      // The answer is written through instance A's API; B was never told in-process.
      const token = await tokenFor(t, (await createUser(t, { reputation: 50 })).username);
      await request(t.http).post(`/api/v1/questions/${question.id}/answers`).set('Authorization', `Bearer ${token}`).send({ body: 'Raise the input level in the sound settings to 80 percent.' }).expect(201);
      await eventually(async () => expect((await anonymous(path, other.http).expect(200)).text).toContain('80 percent'));
      await eventually(async () => expect((await anonymous('/questions', other.http).expect(200)).headers.etag).not.toBe(list.headers.etag));
    } finally {
      await other.close();
    }
  });

  // Last: it signs in on a second instance, and passport's strategy and serializer are process-wide,
  // so once that instance is closed no other sign-in in this file would work.
  it('on two instances: a change written on one drops the body the other shares', async () => {
    const second = await startTestAppOn(database.url);
    try {
      const helper = await createUser(t, { reputation: 300 });
      const question = await askQuestion(t, await createUser(t), { title: 'Dock does not wake the external monitor' });
      const answer = await postAnswer(t, helper, question.id, 'Turn off USB selective suspend in the power plan.');
      const path = `/questions/${question.id}/${question.slug}`;
      const reader = await memberOn(second);
      const other = await memberOn(second);
      await settled(second.app);
      await reader.get(path).expect(200);
      expect((await other.get(path).expect(200)).headers['x-cache']).toBe('shared');
      await t.app.get(CommentsService).add(helper, 'answer', answer.id, { body: 'Version 1.12 is on the support site.' });
      await eventually(async () => expect((await other.get(path).expect(200)).text).toContain('Version 1.12 is on the support site'));
    } finally {
      await second.close();
    }
  });
});
