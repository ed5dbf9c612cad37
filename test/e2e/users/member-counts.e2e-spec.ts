import { join } from 'node:path';
import request from 'supertest';
import { StackExchangeImporter } from '../../../src/importing/stackexchange.importer.js';
import { bulkSeed } from '../../../src/seeding/bulk-seeder.js';
import { acceptAnswer, askQuestion, postAnswer } from '../../support/factories.js';
import { apiAs, memberWithToken } from '../moderation/moderation-helpers.js';
import { PASSWORD, startTestApp, type TestApp } from '../../support/test-app.js';

const VISIBLE = (alias: string) => `(${alias}.deleted_at IS NULL AND ${alias}.hidden_at IS NULL)`;

/** Every member's counts as the profile used to count them per view: the reference the kept counts must equal. */
const RECOUNT = `
  SELECT u.id AS user_id,
    (SELECT count(*) FROM posts p WHERE p.author_id = u.id AND p.type = 'question' AND ${VISIBLE('p')})::int AS questions,
    (SELECT count(*) FROM posts p LEFT JOIN posts q ON q.id = p.parent_id WHERE p.author_id = u.id AND p.type = 'answer' AND ${VISIBLE('p')}
       AND (q.id IS NULL OR ${VISIBLE('q')}))::int AS answers,
    (SELECT count(*) FROM posts p JOIN posts q ON q.id = p.parent_id WHERE p.author_id = u.id AND p.type = 'answer' AND ${VISIBLE('p')}
       AND ${VISIBLE('q')} AND q.accepted_answer_id = p.id)::int AS accepted,
    (SELECT count(*) FROM comments c JOIN posts cp ON cp.id = c.post_id LEFT JOIN posts cq ON cq.id = COALESCE(cp.parent_id, cp.id)
       WHERE c.author_id = u.id AND ${VISIBLE('c')} AND ${VISIBLE('cp')} AND (cq.id IS NULL OR ${VISIBLE('cq')}))::int AS comments
  FROM users u`;

describe('kept profile counts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await bulkSeed(t.db, { posts: 400, seed: 5, passwordHash: 'not-a-real-hash' });
    await t.app.get(StackExchangeImporter).import(join(process.cwd(), 'test/fixtures/stackexchange/orphan-answer'), 'counts.example');
  }, 120_000);
  afterAll(() => t.close());

  /** Members whose kept counts differ from a recount, with both. */
  async function drift(): Promise<unknown[]> {
    return t.db.query(`
      SELECT r.*, m.questions AS kept_questions, m.answers AS kept_answers, m.accepted AS kept_accepted, m.comments AS kept_comments
      FROM (${RECOUNT}) r LEFT JOIN member_counts m ON m.user_id = r.user_id
      WHERE (r.questions, r.answers, r.accepted, r.comments)
            IS DISTINCT FROM (COALESCE(m.questions, 0), COALESCE(m.answers, 0), COALESCE(m.accepted, 0), COALESCE(m.comments, 0))`);
  }

  it('equal a recount after seed:bulk and an import', async () => {
    const [{ members }] = await t.db.query(`SELECT count(*)::int AS members FROM member_counts WHERE questions + answers + comments > 0`);
    expect(members).toBeGreaterThan(10);
    expect(await drift()).toEqual([]);
  });

  it('equal a recount after every kind of change, each in the transaction of its write', async () => {
    const mod = await memberWithToken(t, { role: 'moderator' });
    const asker = await memberWithToken(t, { reputation: 100 });
    const helper = await memberWithToken(t, { reputation: 100 });
    const rival = await memberWithToken(t, { reputation: 100 });
    const leaver = await memberWithToken(t, { reputation: 100 });
    const as = (who: { token: string }) => apiAs(t, who.token);
    const steps: [string, () => Promise<unknown>][] = [];
    const step = (name: string, run: () => Promise<unknown>) => steps.push([name, run]);

    const question = await askQuestion(t, asker.user, { title: 'Why does the printer queue stall overnight?' });
    const original = await askQuestion(t, asker.user, { title: 'The printer queue stalls after sleep mode' });
    const answer = await postAnswer(t, helper.user, question.id);
    const other = await postAnswer(t, rival.user, question.id);
    await postAnswer(t, leaver.user, original.id);
    await askQuestion(t, leaver.user);
    const onQuestion = (await as(rival).post(`/questions/${question.id}/comments`, { body: 'Which driver version is installed?' }).expect(201)).body;
    const onAnswer = (await as(leaver).post(`/answers/${answer.id}/comments`, { body: 'This fixed it for me as well, thanks.' }).expect(201)).body;
    expect(await drift()).toEqual([]);

    step('accept', () => acceptAnswer(t, asker.user, answer.id));
    step('accept another', () => as(asker).post(`/answers/${other.id}/accept`).expect(200));
    step('unaccept', () => as(asker).delete(`/answers/${other.id}/accept`).expect(200));
    step('accept again', () => as(asker).post(`/answers/${answer.id}/accept`).expect(200));
    step('hide the answer', () => as(mod).post(`/mod/answers/${answer.id}/actions/hide`, { reason: 'check' }).expect(200));
    step('restore the answer', () => as(mod).post(`/mod/answers/${answer.id}/actions/restore`).expect(200));
    step('hide a comment', () => as(mod).post(`/mod/comments/${onAnswer.id}/actions/hide`).expect(200));
    step('restore the comment', () => as(mod).post(`/mod/comments/${onAnswer.id}/actions/restore`).expect(200));
    step('hide the question', () => as(mod).post(`/mod/questions/${question.id}/actions/hide`).expect(200));
    step('restore the question', () => as(mod).post(`/mod/questions/${question.id}/actions/restore`).expect(200));
    step('delete the question', () => as(mod).post(`/mod/questions/${question.id}/actions/delete`, { cause: 'other' }).expect(200));
    step('undelete the question', () => as(mod).post(`/mod/questions/${question.id}/actions/undelete`).expect(200));
    step('the author deletes an answer', () => as(rival).delete(`/answers/${other.id}`).expect((res) => expect(res.status).toBeLessThan(300)));
    step('undelete it', () => as(mod).post(`/mod/answers/${other.id}/actions/undelete`).expect(200));
    step('a moderator deletes the accepted answer', () => as(mod).post(`/mod/answers/${answer.id}/actions/delete`, { cause: 'other' }).expect(200));
    step('undelete that', () => as(mod).post(`/mod/answers/${answer.id}/actions/undelete`).expect(200));
    step('accept it again', () => as(asker).post(`/answers/${answer.id}/accept`).expect(200));
    step('delete a comment', () => as(rival).delete(`/comments/${onQuestion.id}`).expect((res) => expect(res.status).toBeLessThan(300)));
    step('close as a duplicate', () => as(mod).post(`/mod/threads/${question.id}/close`, { closeReason: 'duplicate', duplicateOf: original.id }).expect(200));
    step('delete an account with its posts', () => as(leaver).delete('/me', { password: PASSWORD, removePosts: true }).expect(204));
    step('remove rows outright', () => t.db.query('DELETE FROM comments WHERE id = $1', [onAnswer.id]));
    step('move an answer to another question', () => t.db.query('UPDATE posts SET parent_id = $2 WHERE id = $1', [other.id, original.id]));

    for (const [name, run] of steps) {
      await run();
      expect({ after: name, drift: await drift() }).toEqual({ after: name, drift: [] });
    }

    const page = await request(t.http).get(`/users/${helper.user.username}`).expect(200);
    expect(page.text).toMatch(/<strong>1<\/strong> answer<\/li>\s*<li><strong>1<\/strong> accepted/);
  });
});
