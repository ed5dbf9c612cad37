import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BadgeAwarder } from '../../../src/badges/badge-awarder.service.js';
import { BADGES } from '../../../src/badges/badges.catalogue.js';
import { BadgesJobsSubscriber } from '../../../src/badges/badges.jobs.js';
import { JobQueue } from '../../../src/jobs/job-queue.js';
import { ThreadEvents } from '../../../src/threads/threads.events.js';
import { VoteEvents, type VotesChanged } from '../../../src/votes/votes.events.js';
import { TransactionRunner } from '../../../src/database/transaction-runner.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, drainJobs, startTestApp, type TestApp } from '../../support/test-app.js';
import { awardRows, backfill, badgesOf, insertAcceptedAnswers, setScore, trustedMember, upvote } from './support.js';

const run = promisify(execFile);

describe('awarding is idempotent, and the backfill evaluates every rule over existing data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has a catalogue of at least 15 badges in three tiers, each described, once or per post', () => {
    expect(BADGES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(BADGES.map((b) => b.tier))).toEqual(new Set(['bronze', 'silver', 'gold']));
    expect(new Set(BADGES.map((b) => b.slug)).size).toBe(BADGES.length);
    for (const badge of BADGES) expect(badge.description.length).toBeGreaterThan(10);
    expect(BADGES.filter((b) => b.perPost).length).toBeGreaterThan(0);
  });

  it('awards history written without events only on backfill, and a second backfill awards nothing', async () => {
    const asker = await trustedMember(t);
    const answerer = await createUser(t, { reputation: 100 });
    await insertAcceptedAnswers(t, answerer.id, asker.id, 10);
    const [answer] = await t.db.query(`SELECT id FROM posts WHERE author_id = $1 AND type = 'answer' LIMIT 1`, [answerer.id]);
    await setScore(t, answer.id, 12);
    expect(await badgesOf(t, answerer.id)).toEqual(new Map());

    const awarded = await backfill(t);
    expect(awarded.filter((a) => a.userId === answerer.id).map((a) => a.badge).sort()).toEqual(
      ['good-answer', 'helper', 'nice-answer', 'problem-solver', 'regular', 'troubleshooter'],
    );
    const rows = await awardRows(t);
    expect(await backfill(t)).toEqual([]);
    expect(await awardRows(t)).toBe(rows);
  });

  it('a job run twice (a retry, a replay) awards nothing the second time', async () => {
    const asker = await trustedMember(t);
    const author = await createUser(t, { reputation: 100 });
    const answer = await postAnswer(t, author, (await askQuestion(t, asker)).id);
    await setScore(t, answer.id, 4);
    await upvote(t, 'answer', answer.id);
    expect((await badgesOf(t, author.id)).get('nice-answer')).toEqual([answer.id]);
    const rows = await awardRows(t);

    const jobs = t.app.get(JobQueue);
    await t.app.get(TransactionRunner).inTransaction(async (tx) => {
      for (let i = 0; i < 2; i++) {
        await jobs.publish<VotesChanged>(tx, VoteEvents.changed, { postIds: [answer.id], answerQuestionIds: [answer.parentId!], raisedAuthorIds: [author.id], voterIds: [asker.id] });
        await jobs.publish(tx, ThreadEvents.postCreated, { postId: answer.id, type: 'answer', questionId: answer.parentId, authorId: author.id });
      }
    });
    expect(await drainJobs(t)).toBeGreaterThanOrEqual(4);
    expect(await awardRows(t)).toBe(rows);
  });

  it('concurrent evaluations of the same rules award once', async () => {
    const asker = await trustedMember(t);
    const answerer = await createUser(t, { reputation: 100 });
    await insertAcceptedAnswers(t, answerer.id, asker.id, 1);
    const awarder = t.app.get(BadgeAwarder);
    const results = await Promise.all(Array.from({ length: 5 }, () => awarder.evaluate(BADGES, [answerer.id])));
    expect(results.flat().filter((a) => a.badge === 'problem-solver')).toHaveLength(1);
    expect((await badgesOf(t, answerer.id)).get('problem-solver')).toEqual([null]);
  });

  it('the daily sweep awards and nominates, idempotently', async () => {
    const sweep = t.app.get(BadgesJobsSubscriber);
    await sweep.sweep();
    expect(await sweep.sweep()).toEqual({ awarded: 0, nominated: 0 });
  });

  it('npm run cli -- badges:backfill evaluates every rule and reports what it awarded', async () => {
    const asker = await trustedMember(t);
    const answerer = await createUser(t, { reputation: 100 });
    await insertAcceptedAnswers(t, answerer.id, asker.id, 1);
    const env = { ...process.env, DATABASE_URL: databaseUrlOf(t), LOG_LEVEL: 'silent', SEED_DEMO: 'false', JOB_WORKERS: 'off' };
    const first = await run(process.execPath, ['dist/src/cli.js', 'badges:backfill'], { env });
    expect(first.stdout).toMatch(/Awarded [1-9]\d* badges/);
    expect((await badgesOf(t, answerer.id)).get('problem-solver')).toEqual([null]);
    const second = await run(process.execPath, ['dist/src/cli.js', 'badges:backfill'], { env });
    expect(second.stdout).toMatch(/Awarded 0 badges; created 0 super-user nominations/);
  });
});

function databaseUrlOf(t: TestApp): string {
  const options = t.db.options as { url?: string };
  if (!options.url) throw new Error('The test database has no URL');
  return options.url;
}
