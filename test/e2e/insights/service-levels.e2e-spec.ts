import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { DAY, HOUR, fixClock, resetClock } from '../../support/clock.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { setCreatedAt } from './insights-support.js';

// A Saturday noon in June: every fixture time below is in June, so the month history is known.
const NOW = new Date('2026-06-20T12:00:00Z');

describe('the published service levels', () => {
  let t: TestApp;
  let adminToken: string;
  let modToken: string;
  const people: { username: string; email: string }[] = [];
  const titles: string[] = [];
  /** Every question and answer time, for the busy-hours grid. */
  const activity: Date[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    fixClock(NOW);
    const admin = await createUser(t, { role: 'admin' });
    const moderator = await createUser(t, { role: 'moderator' });
    const asker = await createUser(t);
    const member = await createUser(t);
    const agent = await createUser(t, { role: 'agent' });
    people.push(...[admin, moderator, asker, member, agent].map((u) => ({ username: u.username, email: u.email })));
    adminToken = await tokenFor(t, admin.username);
    modToken = await tokenFor(t, moderator.username);

    // sla-a: twelve questions, 12 to 1 days ago at noon; first answers after these many hours
    // (none for the last two); three accepted, one of them an agent's.
    const delays = [50, 30, 10, 8, 6, 5, 4, 3, 2, 1, undefined, undefined];
    for (const [i, delay] of delays.entries()) {
      const askedAt = new Date(NOW.getTime() - (12 - i) * DAY);
      const q = await askQuestion(t, asker, { tags: ['sla-a'] });
      titles.push(q.title!);
      await setCreatedAt(t, q.id, askedAt);
      activity.push(askedAt);
      if (delay === undefined) continue;
      const by = i === 5 ? agent : member;
      const a = await postAnswer(t, by, q.id);
      await setCreatedAt(t, a.id, new Date(askedAt.getTime() + delay * HOUR));
      activity.push(new Date(askedAt.getTime() + delay * HOUR));
      if (i === 3 || i === 4 || i === 5) await acceptAnswer(t, asker, a.id);
    }
    // sla-few: three questions, too few to publish anything about the tag alone.
    for (let i = 0; i < 3; i++) {
      const askedAt = new Date(NOW.getTime() - 2 * DAY + i * HOUR);
      const q = await askQuestion(t, asker, { tags: ['sla-few'] });
      titles.push(q.title!);
      await setCreatedAt(t, q.id, askedAt);
      activity.push(askedAt);
      const a = await postAnswer(t, member, q.id);
      await setCreatedAt(t, a.id, new Date(askedAt.getTime() + HOUR));
      activity.push(new Date(askedAt.getTime() + HOUR));
    }
    await drainJobs(t);
  });
  afterAll(async () => {
    resetClock();
    await t.close();
  });

  const publish = (figures?: string[]) =>
    request(t.http)
      .put('/api/v1/service-levels/settings')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ published: true, figures: figures ?? ['answered-within-target', 'time-to-first-answer', 'solved', 'kb-helpfulness', 'busy-hours', 'history'] })
      .expect(200);
  const publicReport = async (query = '') => (await request(t.http).get(`/api/v1/service-levels${query}`).expect(200)).body;
  const insights = async (query: string) => (await request(t.http).get(`/api/v1/insights?${query}`).set('Authorization', `Bearer ${modToken}`).expect(200)).body;

  describe('while turned off', () => {
    it('is a 404 page, a JSON 404, no footer link and no ask-page expectation', async () => {
      const page = await request(t.http).get('/service-levels').expect(404);
      expect(page.text).toContain('does not publish its service levels');
      const api = await request(t.http).get('/api/v1/service-levels').expect(404);
      expect(api.body.message).toContain('does not publish');
      const home = await request(t.http).get('/questions').expect(200);
      expect(home.text).not.toContain('href="/service-levels"');
      const asker = await signedInAgent(t, people[2]!.username);
      const ask = await asker.get('/questions/ask').expect(200);
      expect(ask.text).not.toContain('data-response-expectation');
      expect((await request(t.http).get('/api/v1/service-levels/expectations?tags=sla-a').expect(200)).body).toEqual({ expectations: [] });
    });
  });

  describe('turning it on', () => {
    it('is for admins only', async () => {
      await request(t.http).put('/api/v1/service-levels/settings').set('Authorization', `Bearer ${modToken}`).send({ published: true, figures: [] }).expect(403);
      const moderator = await signedInAgent(t, people[1]!.username);
      await moderator.get('/admin/service-levels').expect(403);
      await request(t.http).get('/api/v1/service-levels').expect(404);
    });

    it('refuses figures it does not know, writing nothing', async () => {
      const res = await request(t.http).put('/api/v1/service-levels/settings').set('Authorization', `Bearer ${adminToken}`).send({ published: true, figures: ['salaries'] }).expect(400);
      expect(res.body.message).toBeTruthy();
      await request(t.http).get('/api/v1/service-levels').expect(404);
    });

    it('is a form an admin saves, after which every page links it', async () => {
      const admin = await signedInAgent(t, people[0]!.username);
      const form = await admin.get('/admin/service-levels').expect(200);
      expect(form.text).toContain('name="figures" value="busy-hours"');
      await admin
        .post('/admin/service-levels')
        .type('form')
        .send({ _csrf: await csrfOf(admin, '/admin/service-levels'), published: 'on', figures: ['answered-within-target', 'time-to-first-answer'] })
        .expect(302);
      const body = await publicReport();
      expect(body.figures).toEqual(['answered-within-target', 'time-to-first-answer']);
      expect(body).not.toHaveProperty('solved');
      expect(body).not.toHaveProperty('busyHours');
      const home = await request(t.http).get('/questions').expect(200);
      expect(home.text).toContain('href="/service-levels"');
    });
  });

  describe('once published', () => {
    beforeAll(() => publish());

    it('shows exactly the insights figures for the same window and tag', async () => {
      for (const tag of ['sla-a', undefined]) {
        const pub = await publicReport(tag ? `?tag=${tag}` : '');
        const staff = (await insights(`window=30${tag ? `&tag=${tag}` : ''}`)).questions;
        expect(pub.since).toBe(new Date(NOW.getTime() - 30 * DAY).toISOString());
        expect(pub.answeredWithinTarget.share).toBe(staff.answeredWithinTargetShare);
        expect(pub.timeToFirstAnswer).toEqual({ medianHours: staff.medianHoursToFirstAnswer, p90Hours: staff.p90HoursToFirstAnswer });
        expect(pub.solved).toEqual({ share: staff.solvedShare, byCommunityShare: staff.solvedByCommunityShare, byStaffShare: staff.solvedByStaffShare });
      }
    });

    it('computes them from the fixture’s timestamps', async () => {
      const pub = await publicReport('?tag=sla-a');
      expect(pub.answeredWithinTarget).toEqual({ share: 0.6667 }); // 8 of 12 within 24 h
      expect(pub.timeToFirstAnswer).toEqual({ medianHours: 5.5, p90Hours: 32 }); // of 1,2,3,4,5,6,8,10,30,50
      expect(pub.solved).toEqual({ share: 0.25, byCommunityShare: 0.6667, byStaffShare: 0.3333 });
      expect(pub.responseTargetHours).toBe(24);
    });

    it('hides every figure computed from fewer than 10 questions', async () => {
      const pub = await publicReport('?tag=sla-few');
      expect(pub.answeredWithinTarget).toBeNull();
      expect(pub.timeToFirstAnswer).toBeNull();
      expect(pub.solved).toBeNull();
      expect(pub.busyHours).toBeNull();
      expect(pub.knowledgeBase).toBeNull(); // no ratings at all
      expect(pub.history.every((month: { asked: number | null }) => month.asked === null)).toBe(true);
      const page = await request(t.http).get('/service-levels?tag=sla-few').expect(200);
      expect(page.text).toContain('Fewer than 10 questions were asked');
      expect(page.text).not.toMatch(/median time to a first answer/);
    });

    it('counts questions and answers by weekday and hour in the reader’s time zone', async () => {
      const expected = (offsetHours: number) => {
        const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
        for (const at of activity) {
          const local = new Date(at.getTime() + offsetHours * HOUR);
          grid[(local.getUTCDay() + 6) % 7]![local.getUTCHours()]! += 1;
        }
        return grid;
      };
      const utc = (await publicReport()).busyHours;
      expect(utc.timeZone).toBe('UTC');
      expect(utc.grid).toEqual(expected(0));
      const cells = expected(0).flat();
      const most = Math.max(...cells);
      expect(utc.busiest).toEqual({ day: Math.floor(cells.indexOf(most) / 24), hour: cells.indexOf(most) % 24, count: most });
      const tokyo = (await publicReport('?tz=Asia/Tokyo')).busyHours; // UTC+9 all year
      expect(tokyo.grid).toEqual(expected(9));
    });

    it('shows the last twelve months, hiding months with fewer than 10 questions', async () => {
      const { history } = await publicReport();
      expect(history.map((m: { month: string }) => m.month)).toEqual([
        '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06',
      ]);
      expect(history.at(-1)).toMatchObject({ asked: 15, answeredWithinTargetShare: 0.7333 }); // 11 of 15 within 24 h
      expect(history.at(-2)).toEqual({ month: '2026-05', asked: null });
    });

    it('renders the page with the figures, the grid and the history, at its own address in the footer', async () => {
      const page = await request(t.http).get('/service-levels?tag=sla-a').expect(200);
      expect(page.text).toContain('<h1>Service levels</h1>');
      expect(page.text).toContain('66.7%');
      expect(page.text).toContain('median time to a first answer');
      expect(page.text).toMatch(/Busiest: <strong>\w+days \d\d:00–\d\d:00<\/strong>/);
      expect(page.text).toContain('The last twelve months');
      expect(page.text).not.toContain('name="_csrf"');
    });

    it('publishes no member, question or agent', async () => {
      const outputs = [
        (await request(t.http).get('/service-levels').expect(200)).text,
        (await request(t.http).get('/service-levels?tag=sla-a&tz=Europe/Paris').expect(200)).text,
        (await request(t.http).get('/api/v1/service-levels').expect(200)).text,
        (await request(t.http).get('/api/v1/service-levels?tag=sla-a').expect(200)).text,
        (await request(t.http).get('/api/v1/service-levels/expectations?tags=sla-a').expect(200)).text,
      ];
      for (const output of outputs) {
        for (const person of people) {
          expect(output).not.toContain(person.username);
          expect(output).not.toContain(person.email);
        }
        for (const title of titles) expect(output).not.toContain(title);
      }
    });

    it('tells the asker what to expect for the chosen tags, with and without JavaScript', async () => {
      const sentence = 'Questions tagged sla-a usually get a first answer within 6 hours (median, last 30 days); 67 % within our 24-hour target.';
      const api = await request(t.http).get('/api/v1/service-levels/expectations?tags=sla-a%20sla-few').expect(200);
      expect(api.body.expectations).toEqual([expect.objectContaining({ tag: 'sla-a', text: sentence, medianHoursToFirstAnswer: 5.5 })]);

      const asker = await signedInAgent(t, people[2]!.username);
      const ask = await asker.get('/questions/ask').expect(200);
      expect(ask.text).toContain('data-response-expectation');
      expect(ask.text).toContain('formaction="/questions/ask/expectations"');
      const draft = { title: 'A draft title that is long enough', body: 'Some details', tags: 'sla-a sla-few' };
      const page = await asker.post('/questions/ask/expectations').type('form').send({ _csrf: await csrfOf(asker, '/questions/ask'), ...draft }).expect(200);
      expect(page.text).toContain(sentence);
      expect(page.text).not.toContain('tagged sla-few');
      expect(page.text).toContain('value="A draft title that is long enough"');
      expect(page.text).toContain('Some details</textarea>');
    });

    it('refuses an unknown time zone and a malformed tag with a 400', async () => {
      expect((await request(t.http).get('/api/v1/service-levels?tz=Mars/Olympus').expect(400)).body.message.join(' ')).toMatch(/time zone/);
      expect((await request(t.http).get('/api/v1/service-levels?tag=NOT%20A%20TAG').expect(400)).body.message.join(' ')).toMatch(/tag/);
      const page = await request(t.http).get('/service-levels?tz=Mars/Olympus').expect(400);
      expect(page.text).toContain('time zone');
    });

    it('stays a 404 once turned off again', async () => {
      await request(t.http).put('/api/v1/service-levels/settings').set('Authorization', `Bearer ${adminToken}`).send({ published: false, figures: [] }).expect(200);
      await request(t.http).get('/service-levels').expect(404);
      expect((await request(t.http).get('/api/v1/service-levels/expectations?tags=sla-a').expect(200)).body.expectations).toEqual([]);
    });
  });
});
