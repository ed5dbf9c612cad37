import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { setCreatedAt } from './insights-support.js';

/** Questions at known instants (answers two hours later for the first), their facts refreshed. */
async function askAt(t: TestApp, instants: string[]): Promise<void> {
  const asker = await createUser(t);
  const answerer = await createUser(t);
  for (const [i, at] of instants.entries()) {
    const q = await askQuestion(t, asker, { tags: ['periods'] });
    await setCreatedAt(t, q.id, new Date(at));
    if (i === 0) {
      const a = await postAnswer(t, answerer, q.id);
      await setCreatedAt(t, a.id, new Date(new Date(at).getTime() + 2 * 3600_000));
    }
  }
  await drainJobs(t);
  // setCreatedAt wrote after the jobs were queued: refresh the facts from the times as they are now.
  const { QuestionFactsSubscriber } = await import('../../../src/insights/question-facts.subscriber.js');
  await t.app.get(QuestionFactsSubscriber).rebuildAll();
}

const INSTANTS = ['2020-02-01T00:05:00Z', '2020-02-01T23:55:00Z', '2020-02-03T12:00:00Z'];

describe('insights over a period of calendar days (UTC)', () => {
  let t: TestApp;
  let token: string;
  let moderatorName: string;
  const report = (query: string) => request(t.http).get(`/api/v1/insights?${query}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp();
    const moderator = await createUser(t, { role: 'moderator' });
    moderatorName = moderator.username;
    token = await tokenFor(t, moderator.username);
    await askAt(t, INSTANTS);
  });
  afterAll(() => t.close());

  it('a question at 00:05 and one at 23:55 UTC on the same day land in one bucket labelled with that day', async () => {
    const body = (await report('from=2020-02-01&to=2020-02-03&tag=periods').expect(200)).body;
    expect(body.window).toBeNull();
    expect(body.period).toEqual({ from: '2020-02-01', to: '2020-02-03', unit: 'day', timeZone: 'UTC' });
    expect(body.since).toBe('2020-02-01T00:00:00.000Z');
    expect(body.until).toBe('2020-02-04T00:00:00.000Z');
    expect(body.trend.map((b: { day: string; asked: number }) => [b.day, b.asked])).toEqual([
      ['2020-02-01', 2],
      ['2020-02-02', 0],
      ['2020-02-03', 1],
    ]);
    expect(body.questions).toMatchObject({ asked: 3, answered: 1, medianHoursToFirstAnswer: 2 });
  });

  it('uses weeks for a long period and months for a very long one, each labelled by the first day it covers', async () => {
    const weeks = (await report('from=2020-01-30&to=2020-12-31&tag=periods').expect(200)).body;
    expect(weeks.period.unit).toBe('week');
    expect(weeks.trend[0]).toMatchObject({ day: '2020-01-30', asked: 3 });
    expect(weeks.trend[1].day).toBe('2020-02-06');
    const months = (await report('from=2019-01-15&to=2021-06-30&tag=periods').expect(200)).body;
    expect(months.period.unit).toBe('month');
    expect(months.trend.slice(0, 2).map((b: { day: string }) => b.day)).toEqual(['2019-01-15', '2019-02-01']);
    expect(months.trend.find((b: { day: string }) => b.day === '2020-02-01').asked).toBe(3);
    expect(months.trend).toHaveLength(30);
  });

  it('refuses a period that is not one, with a clear 400', async () => {
    for (const query of ['from=2020-02-03&to=2020-02-01', 'from=2021-02-30&to=2021-03-01', 'from=2020-02-01', 'from=yesterday&to=today']) {
      const res = await report(query);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(/from|to/);
    }
  });

  it('the dashboard page and CSV exports take the same period', async () => {
    const agent = await signedInAgent(t, moderatorName);
    const page = await agent.get('/insights?from=2020-02-01&to=2020-02-03&tag=periods').expect(200);
    expect(page.text).toContain('2020-02-01 to 2020-02-03');
    expect(page.text).toContain('href="/insights/export/trend.csv?from&#x3D;2020-02-01&amp;to&#x3D;2020-02-03&amp;tag&#x3D;periods"');
    const csv = await agent.get('/insights/export/trend.csv?from=2020-02-01&to=2020-02-03&tag=periods').expect(200);
    expect(csv.headers['content-disposition']).toContain('insights-trend-2020-02-01_2020-02-03-periods.csv');
    expect(csv.text.split('\r\n').slice(0, 3)).toEqual([
      'day,start,asked,answered_within_target,solved',
      '2020-02-01,2020-02-01T00:00:00.000Z,2,1,0',
      '2020-02-02,2020-02-02T00:00:00.000Z,0,0,0',
    ]);
    const summary = await agent.get('/insights/export/summary.csv?from=2020-02-01&to=2020-02-03&tag=periods').expect(200);
    expect(summary.text).toContain('Questions asked,3');
  });
});

describe('insights over a period in a configured time zone', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ INSIGHTS_TIME_ZONE: 'America/New_York' });
    const moderator = await createUser(t, { role: 'moderator' });
    token = await tokenFor(t, moderator.username);
    await askAt(t, INSTANTS);
  });
  afterAll(() => t.close());

  it("buckets by that zone's calendar days: 00:05 UTC is the evening before in New York", async () => {
    const body = (await request(t.http).get('/api/v1/insights?from=2020-01-31&to=2020-02-01&tag=periods').set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(body.since).toBe('2020-01-31T05:00:00.000Z');
    expect(body.trend.map((b: { day: string; asked: number }) => [b.day, b.asked])).toEqual([
      ['2020-01-31', 1],
      ['2020-02-01', 1],
    ]);
  });
});
