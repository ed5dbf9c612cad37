import request from 'supertest';
import { PromotionService } from '../../../src/knowledge/promotion.service.js';
import { AcceptanceService } from '../../../src/threads/acceptance.service.js';
import { AnswersService } from '../../../src/threads/answers.service.js';
import { CommentsService } from '../../../src/threads/comments.service.js';
import { VotesService } from '../../../src/votes/votes.service.js';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { badgesOf, insertAcceptedAnswers, insertAnswers, setScore, trustedMember, upvote, type TestUser } from './support.js';

/**
 * Each rule, driven by the event that can satisfy it (the job runs when drained): nothing at
 * threshold − 1, the badge exactly when the threshold is crossed. Bulk history is written with
 * SQL; the crossing step goes through the owning service, so its job is what awards.
 */
describe('badge rules award exactly at their thresholds', () => {
  let t: TestApp;
  let asker: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    asker = await trustedMember(t);
  });
  afterAll(() => t.close());

  const holds = async (user: TestUser, badge: string) => (await badgesOf(t, user.id)).has(badge);

  it('participation: first question, first answer, first comment', async () => {
    const member = await createUser(t, { reputation: 100 });
    await drainJobs(t);
    expect(await badgesOf(t, member.id)).toEqual(new Map());

    const question = await askQuestion(t, member);
    await drainJobs(t);
    expect(await holds(member, 'curious')).toBe(true);
    expect(await holds(member, 'helper')).toBe(false);

    await postAnswer(t, member, (await askQuestion(t, asker)).id);
    await drainJobs(t);
    expect(await holds(member, 'helper')).toBe(true);
    expect(await holds(member, 'commentator')).toBe(false);

    await t.app.get(CommentsService).add(member, 'question', question.id, { body: 'Adding the version I use: 4.2 on Linux.' });
    await drainJobs(t);
    expect(await holds(member, 'commentator')).toBe(true);
  });

  it('Regular: 10 posts, not 9', async () => {
    const member = await createUser(t, { reputation: 100 });
    await insertAnswers(t, member.id, asker.id, 8);
    await postAnswer(t, member, (await askQuestion(t, asker)).id); // 9th
    await drainJobs(t);
    expect(await holds(member, 'regular')).toBe(false);
    await postAnswer(t, member, (await askQuestion(t, asker)).id); // 10th
    await drainJobs(t);
    expect(await holds(member, 'regular')).toBe(true);
  });

  it.each([
    ['nice-answer', 'answer', 5],
    ['good-answer', 'answer', 10],
    ['great-answer', 'answer', 25],
    ['good-question', 'question', 10],
  ] as const)('%s: a %s scored %i, not one less, once per post', async (badge, type, threshold) => {
    const author = await createUser(t, { reputation: 100 });
    const first = type === 'question' ? await askQuestion(t, author) : await postAnswer(t, author, (await askQuestion(t, asker)).id);
    const second = type === 'question' ? await askQuestion(t, author) : await postAnswer(t, author, (await askQuestion(t, asker)).id);
    await setScore(t, first.id, threshold - 2);
    await upvote(t, type, first.id); // threshold − 1
    expect(await holds(author, badge)).toBe(false);

    await upvote(t, type, first.id); // threshold
    expect((await badgesOf(t, author.id)).get(badge)).toEqual([first.id]);
    await upvote(t, type, first.id); // above: still one award for this post
    expect((await badgesOf(t, author.id)).get(badge)).toEqual([first.id]);

    await setScore(t, second.id, threshold - 1);
    await upvote(t, type, second.id);
    expect((await badgesOf(t, author.id)).get(badge)).toEqual([first.id, second.id]);
  });

  it.each([
    ['problem-solver', 1],
    ['troubleshooter', 10],
    ['guru', 50],
  ] as const)('%s: %i accepted answers, not one less', async (badge, threshold) => {
    const answerer = await createUser(t, { reputation: 100 });
    await insertAcceptedAnswers(t, answerer.id, asker.id, threshold - 1);
    const answer = await postAnswer(t, answerer, (await askQuestion(t, asker)).id);
    // Accepting your own answer does not count.
    const own = await askQuestion(t, answerer);
    await acceptAnswer(t, answerer, (await postAnswer(t, answerer, own.id)).id);
    await drainJobs(t);
    expect(await holds(answerer, badge)).toBe(false);

    await acceptAnswer(t, asker, answer.id);
    await drainJobs(t);
    expect(await holds(answerer, badge)).toBe(true);
  });

  it('a solution that is unaccepted before the job runs awards nothing', async () => {
    const answerer = await createUser(t, { reputation: 100 });
    const answer = await postAnswer(t, answerer, (await askQuestion(t, asker)).id);
    await acceptAnswer(t, asker, answer.id);
    await t.app.get(AcceptanceService).unaccept(asker, answer.id);
    await drainJobs(t);
    expect(await holds(answerer, 'problem-solver')).toBe(false);
  });

  it('knowledge: Documented once per promoted answer, Librarian at 5 promoted answers, not 4', async () => {
    const agent = await createUser(t, { role: 'agent' });
    const author = await createUser(t, { reputation: 100 });
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await postAnswer(t, author, (await askQuestion(t, asker)).id)).id);
    for (const id of answers.slice(0, 4)) await t.app.get(PromotionService).promote(agent, id);
    await drainJobs(t);
    expect((await badgesOf(t, author.id)).get('documented')).toEqual(answers.slice(0, 4));
    expect(await holds(author, 'librarian')).toBe(false);

    await t.app.get(PromotionService).promote(agent, answers[4]!);
    await t.app.get(PromotionService).promote(agent, answers[4]!); // promoting again opens the same article
    await drainJobs(t);
    expect((await badgesOf(t, author.id)).get('documented')).toEqual(answers);
    expect(await holds(author, 'librarian')).toBe(true);
  });

  it('Citizen Patrol: a flag a moderator acted on; a dismissed flag does not count', async () => {
    const flagger = await createUser(t, { reputation: 100 });
    const moderator = await createUser(t, { role: 'moderator' });
    const [flaggerToken, modToken] = [await tokenFor(t, flagger.username), await tokenFor(t, moderator.username)];
    const author = await createUser(t, { reputation: 100 });
    const first = await postAnswer(t, author, (await askQuestion(t, asker)).id);
    const second = await postAnswer(t, author, (await askQuestion(t, asker)).id);
    const api = (token: string, path: string, body: object) => request(t.http).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);

    await api(flaggerToken, `/answers/${first.id}/flags`, { reason: 'spam' }).expect(201);
    await api(modToken, `/mod/answers/${first.id}/actions/dismiss`, { reason: 'Looks fine' }).expect(200);
    await drainJobs(t);
    expect(await holds(flagger, 'citizen-patrol')).toBe(false);

    await api(flaggerToken, `/answers/${second.id}/flags`, { reason: 'spam' }).expect(201);
    await api(modToken, `/mod/answers/${second.id}/actions/hide`, { reason: 'Spam link' }).expect(200);
    await drainJobs(t);
    expect(await holds(flagger, 'citizen-patrol')).toBe(true);
  });

  it('Editor: 10 edits of others\u2019 posts, not 9; editing your own posts does not count', async () => {
    const editor = await trustedMember(t);
    const author = await createUser(t, { reputation: 100 });
    const answer = await postAnswer(t, author, (await askQuestion(t, asker)).id);
    await t.db.query(
      `INSERT INTO post_revisions (post_id, number, editor_id, body) SELECT $1, 100 + g, $2, 'Earlier edit ' || g FROM generate_series(1, 8) g`,
      [answer.id, editor.id],
    );
    const own = await postAnswer(t, editor, (await askQuestion(t, asker)).id);
    await t.app.get(AnswersService).edit(editor, own.id, { body: 'My own answer, clarified with the exact menu names.' });
    await t.app.get(AnswersService).edit(editor, answer.id, { body: 'Open Settings, then Advanced, then enable the option (9th edit).' });
    await drainJobs(t);
    expect(await holds(editor, 'editor')).toBe(false);

    await t.app.get(AnswersService).edit(editor, answer.id, { body: 'Open Settings, then Advanced, then enable the option (10th edit).' });
    await drainJobs(t);
    expect(await holds(editor, 'editor')).toBe(true);
  });

  it('Devoted: active on 30 distinct UTC days, not 29', async () => {
    const member = await createUser(t, { reputation: 100 });
    const question = await askQuestion(t, asker);
    // 28 earlier days of comments, two on one of the days (it still counts once).
    await t.db.query(
      `INSERT INTO comments (post_id, author_id, body, body_html, created_at)
       SELECT $1::int, $2::int, 'Earlier comment', '<p>Earlier comment</p>', now() - make_interval(days => g) FROM generate_series(1, 28) g
       UNION ALL SELECT $1::int, $2::int, 'Same day', '<p>Same day</p>', now() - interval '3 days' - interval '1 minute'`,
      [question.id, member.id],
    );
    await t.app.get(CommentsService).add(member, 'question', question.id, { body: 'Today I can reproduce it too.' }); // 29th day
    await drainJobs(t);
    expect(await holds(member, 'devoted')).toBe(false);

    await t.db.query(`INSERT INTO comments (post_id, author_id, body, body_html, created_at) VALUES ($1, $2, 'Older', '<p>Older</p>', now() - interval '40 days')`, [question.id, member.id]);
    await upvote(t, 'question', question.id); // not this member's activity: nothing changes for them
    expect(await holds(member, 'devoted')).toBe(false);
    await t.app.get(VotesService).cast(member, 'question', question.id, 1); // their vote runs the rule for them: 30 days
    await drainJobs(t);
    expect(await holds(member, 'devoted')).toBe(true);
  });
});
