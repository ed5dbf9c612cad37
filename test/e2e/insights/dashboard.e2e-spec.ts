import request from 'supertest';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { DAY, HOUR, fixClock, resetClock } from '../../support/clock.js';
import { createUser, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { setCreatedAt } from './insights-support.js';

describe('the insights dashboard', () => {
  let t: TestApp;
  let NOW: Date;
  let modToken: string;
  let memberName: string;
  let agentName: string;
  const at = (ms: number) => new Date(NOW.getTime() + ms);

  beforeAll(async () => {
    t = await startTestApp();
    NOW = fixClock();
    const moderator = await createUser(t, { role: 'moderator' });
    modToken = await tokenFor(t, moderator.username);
    const asker = await createUser(t);
    const member = await createUser(t);
    memberName = member.username;
    const agent = await createUser(t, { role: 'agent' });
    agentName = agent.username;
    // Five questions tagged metrics-x at known times; first answers after 1, 2, 4 and 30 hours.
    const plan: { askedAgo: number; answerAfter?: number; by?: typeof member; accept?: boolean }[] = [
      { askedAgo: 10 * DAY, answerAfter: 1 * HOUR, by: member, accept: true },
      { askedAgo: 9 * DAY, answerAfter: 2 * HOUR, by: agent, accept: true },
      { askedAgo: 8 * DAY, answerAfter: 4 * HOUR, by: member },
      { askedAgo: 6 * DAY, answerAfter: 30 * HOUR, by: member },
      { askedAgo: 5 * DAY },
    ];
    for (const step of plan) {
      const q = await askQuestion(t, asker, { tags: ['metrics-x'] });
      await setCreatedAt(t, q.id, at(-step.askedAgo));
      if (step.answerAfter !== undefined) {
        const a = await postAnswer(t, step.by!, q.id);
        await setCreatedAt(t, a.id, at(-step.askedAgo + step.answerAfter));
        if (step.accept) await acceptAnswer(t, asker, a.id);
      }
    }
    // Outside the window: counts for nothing.
    const old = await askQuestion(t, asker, { tags: ['metrics-x'] });
    await setCreatedAt(t, old.id, at(-40 * DAY));
    // Searches: two failed "reset token" searches, one with results and a click.
    await t.db.query(`INSERT INTO search_queries (text, source, result_count, created_at) VALUES ('Reset token', 'search', 0, $1), ('reset token ', 'search', 0, $1), ('billing', 'search', 3, $1)`, [at(-1 * DAY)]);
    await t.db.query(`INSERT INTO search_clicks (query_id, document_id, source, created_at) SELECT id, 'q1', 'search', $1 FROM search_queries WHERE text = 'billing'`, [at(-1 * DAY)]);
    // Ask-page clicks: one member clicked and then asked within the hour, another clicked and left.
    await t.db.query(`INSERT INTO search_clicks (document_id, source, user_id, created_at) VALUES ('q1', 'ask', $1, $3), ('q1', 'ask', $2, $3)`, [asker.id, member.id, at(-10 * DAY - 30 * 60_000)]);
    await drainJobs(t);
  });
  afterAll(async () => {
    resetClock();
    await t.close();
  });

  const report = async (query: string) => (await request(t.http).get(`/api/v1/insights?${query}`).set('Authorization', `Bearer ${modToken}`).expect(200)).body;

  it('computes every question metric exactly over the window and tag', async () => {
    const body = await report('window=30&tag=metrics-x');
    expect(body.questions).toEqual({
      asked: 5,
      answered: 4,
      medianHoursToFirstAnswer: 3, // (2 + 4) / 2
      p90HoursToFirstAnswer: 22.2, // 4 + 0.7 × (30 − 4)
      answeredWithinTarget: 3,
      answeredWithinTargetShare: 0.6,
      solved: 2,
      solvedShare: 0.4,
      solvedByCommunity: 1,
      solvedByCommunityShare: 0.5,
      solvedByStaff: 1,
      solvedByStaffShare: 0.5,
      unansweredPastTargetNow: 4, // now, whatever the window: two answered with score 0, the 5-day-old and the 40-day-old unanswered
    } as object);
  });

  it('narrows to 7 days', async () => {
    const body = await report('window=7&tag=metrics-x');
    expect(body.questions).toMatchObject({ asked: 2, answered: 1, medianHoursToFirstAnswer: 30, answeredWithinTarget: 0 });
    expect(body.trend).toHaveLength(7);
    expect(body.trend.reduce((sum: number, b: { asked: number }) => sum + b.asked, 0)).toBe(2);
  });

  it('reports searches, deflection, participation, contributors and search gaps', async () => {
    const body = await report('window=30');
    expect(body.search).toEqual({ searches: 3, suggestionClicks: 2, abandonedAfterClick: 1 });
    expect(body.participation).toEqual({ askersOnly: 1, answerers: 2, superUsers: 0 });
    expect(body.topContributors[0]).toEqual({ username: memberName, answers: 3, accepted: 1 });
    expect(body.searchGaps).toEqual([{ text: 'reset token', searches: 2, noResult: 2, noClick: 2, askUrl: '/questions/ask?title=reset+token' }]);
  });

  it('renders the page with SVG charts and exports CSV, for staff only', async () => {
    const moderator = await createUser(t, { role: 'moderator' });
    const page = await (await signedInAgent(t, moderator.username)).get('/insights?window=30&tag=metrics-x').expect(200);
    expect(page.text.match(/<h1/g)).toHaveLength(1);
    expect(page.text).toContain('<svg');
    expect(page.text).toContain('<title id="chart-asked-title">Questions asked</title>');
    expect(page.text).toContain('href="/questions/ask?title&#x3D;reset+token"');
    const csv = await (await signedInAgent(t, moderator.username)).get('/insights/export/contributors.csv?window=30').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toBe(`username,answers,accepted\r\n${memberName},3,1\r\n${agentName},1,1\r\n`);
    const member = await createUser(t);
    await (await signedInAgent(t, member.username)).get('/insights').expect(403);
    await request(t.http).get('/api/v1/insights?window=5').set('Authorization', `Bearer ${modToken}`).expect(400);
    await request(t.http).get('/api/v1/insights?tag=%20bad').set('Authorization', `Bearer ${modToken}`).expect(400);
    await (await signedInAgent(t, moderator.username)).get('/insights/export/nope.csv').expect(404);
  });
});
