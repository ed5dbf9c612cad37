import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { apiAs, memberWithToken } from '../moderation/moderation-helpers.js';

/**
 * Finding 2: one "may this reader see it" rule. After a moderator deletes one question and hides
 * another, every page and API that lists or looks up posts is walked as an anonymous reader, a
 * member, the answers' author and a moderator: only the moderator sees anything of them.
 */
describe('removed questions, their answers and titles, everywhere a reader looks', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('shows nothing of a deleted or hidden question to anyone but moderators', async () => {
    const asker = await createUser(t);
    const answerer = await createUser(t);
    const deletedTitle = 'Secret roadmap question that moderators deleted';
    const hiddenTitle = 'Embarrassing question that moderators hid';
    const keptTitle = 'Ordinary question that stays visible';
    const deleted = await askQuestion(t, asker, { title: deletedTitle, tags: ['visibility'] });
    const hidden = await askQuestion(t, asker, { title: hiddenTitle, tags: ['visibility'] });
    const kept = await askQuestion(t, asker, { title: keptTitle, tags: ['visibility'] });
    const onDeleted = await postAnswer(t, answerer, deleted.id, 'An answer under the question that will be deleted, long enough.');
    const onHidden = await postAnswer(t, answerer, hidden.id, 'An answer under the question that will be hidden, long enough.');
    await postAnswer(t, answerer, kept.id, 'An answer under the question that stays, long enough to post.');
    await t.db.query('UPDATE posts SET score = 50 WHERE id = ANY($1)', [[onDeleted.id, onHidden.id]]);

    const mod = await memberWithToken(t, { role: 'moderator' });
    await apiAs(t, mod.token).post(`/mod/questions/${deleted.id}/actions/delete`, { cause: 'other', reason: 'Confidential' }).expect(200);
    await apiAs(t, mod.token).post(`/mod/questions/${hidden.id}/actions/hide`, { reason: 'Pending review' }).expect(200);
    await drainJobs(t);

    const readers = {
      anonymous: request.agent(t.http),
      member: await signedInAgent(t, (await createUser(t)).username),
      author: await signedInAgent(t, answerer.username),
      moderator: await signedInAgent(t, mod.user.username),
    };
    const removedTitles = [deletedTitle, hiddenTitle];
    const pages = [
      `/users/${answerer.username}`,
      `/users/${asker.username}`,
      '/questions',
      '/questions?sort=top',
      '/tags/visibility',
      '/search?q=question',
      `/api/v1/questions?tag=visibility`,
      `/api/v1/search?q=question`,
      `/api/v1/users/${answerer.username}/reputation`,
    ];
    for (const [who, agent] of Object.entries(readers)) {
      for (const path of pages) {
        const res = await agent.get(path);
        expect([who, path, res.status]).toEqual([who, path, 200]);
        const text = res.text;
        if (who !== 'moderator' || !path.startsWith('/users/')) {
          for (const title of removedTitles) expect([who, path, text.includes(title)]).toEqual([who, path, false]);
        }
        if (path === '/questions') expect(text).toContain(keptTitle);
      }
      // Lookups: the answers and the questions themselves, and the search click that used to redirect to them.
      for (const answer of [onDeleted, onHidden]) {
        const click = await agent.get(`/search/click?doc=answer-${answer.id}`);
        const api = await agent.get(`/api/v1/answers/${answer.id}`);
        if (who === 'moderator') {
          expect([who, click.status]).toEqual([who, 302]);
        } else {
          expect([who, answer.id, click.status]).toEqual([who, answer.id, 404]);
          expect(click.headers.location).toBeUndefined();
          expect(click.text).not.toContain(deleted.slug);
          expect([who, api.status]).toEqual([who, 404]);
        }
      }
      for (const question of [deleted, hidden]) {
        const page = await agent.get(`/questions/${question.id}`).redirects(2);
        expect([who, question.id, page.status === 404]).toEqual([who, question.id, who !== 'moderator']);
      }
    }

    // The public counts on the profile: only the answer to the visible question counts.
    const profile = await request(t.http).get(`/users/${answerer.username}`).expect(200);
    expect(profile.text).not.toContain(`#answer-${onDeleted.id}`);
    expect(profile.text).not.toContain(`#answer-${onHidden.id}`);
    const clicksRecorded = (await t.db.query(`SELECT count(*)::int AS n FROM search_clicks WHERE document_id = ANY($1)`, [[`answer-${onDeleted.id}`, `answer-${onHidden.id}`]]))[0].n;
    // A refused click writes nothing: only the moderator's two clicks were recorded.
    expect(clicksRecorded).toBe(2);
  });
});
