import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import request from 'supertest';
import { PROJECT_ROOT } from '../../../src/common/paths.js';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

const run = promisify(execFile);

describe('votes, acceptance and reputation under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ PASSWORD_HASH_MEMORY_KIB: '1024' })));
  afterAll(() => t.close());

  async function members(count: number, reputation: number) {
    const users = [];
    for (let i = 0; i < count; i++) {
      const user = await createUser(t, { reputation });
      await t.db.query(`INSERT INTO reputation_entries (user_id, amount, requested, reason) VALUES ($1, $2, $2, 'fixture')`, [user.id, reputation - 1]);
      users.push({ ...user, token: await tokenFor(t, user.username) });
    }
    return users;
  }

  it('counts 50 simultaneous upvotes on one answer exactly once each', async () => {
    const author = await createUser(t);
    const asker = await createUser(t);
    const question = await askQuestion(t, asker);
    const answer = await postAnswer(t, author, question.id);
    const voters = await members(50, 20);
    const results = await Promise.all(
      voters.map((v) => request(t.http).post(`/api/v1/answers/${answer.id}/vote`).set('Authorization', `Bearer ${v.token}`).send({ value: 1 })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const [{ score }] = await t.db.query('SELECT score FROM posts WHERE id = $1', [answer.id]);
    expect(score).toBe(50);
    const [{ reputation }] = await t.db.query('SELECT reputation FROM users WHERE id = $1', [author.id]);
    expect(reputation).toBe(1 + 200); // 50 × 10 = 500, capped at 200 for the day
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM votes WHERE post_id = $1', [answer.id]);
    expect(count).toBe(50);
    expect((await verifyReputation(t.app)).lines).toEqual([]);
  });

  it('leaves one member’s 20 racing vote, retract and switch requests in a state that matches the ledger', async () => {
    const author = await createUser(t);
    const question = await askQuestion(t, author);
    const answer = await postAnswer(t, author, question.id);
    const [v] = await members(1, 200);
    const values = [1, -1, 0, 1, 1, -1, 0, 0, 1, -1, -1, 1, 0, 1, -1, 0, 1, -1, 1, 0];
    const results = await Promise.all(
      values.map((value) => request(t.http).post(`/api/v1/answers/${answer.id}/vote`).set('Authorization', `Bearer ${v!.token}`).send({ value })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const [{ score }] = await t.db.query('SELECT score FROM posts WHERE id = $1', [answer.id]);
    const [{ value }] = await t.db.query('SELECT value FROM votes WHERE post_id = $1 AND voter_id = $2', [answer.id, v!.id]);
    expect([-1, 0, 1]).toContain(score);
    expect(score).toBe(value);
    const expectedAuthor = 1 + (value === 1 ? 10 : 0) + (value === -1 ? -2 : 0);
    const [{ reputation }] = await t.db.query('SELECT reputation FROM users WHERE id = $1', [author.id]);
    expect(reputation).toBe(Math.max(1, expectedAuthor));
    expect((await verifyReputation(t.app)).lines).toEqual([]);
  });

  it('keeps the ledger true over random sequences of votes, switches, retracts, accepts and deletes (property)', async () => {
    const people = await members(6, 150);
    const asker = people[0]!;
    const questions = [await askQuestion(t, asker), await askQuestion(t, people[1]!)];
    const answers: Awaited<ReturnType<typeof postAnswer>>[] = [];
    for (const q of questions) for (const p of people.slice(2, 5)) answers.push(await postAnswer(t, p, q.id));
    const posts = [...questions.map((q) => ({ kind: 'questions' as const, id: q.id })), ...answers.map((a) => ({ kind: 'answers' as const, id: a.id }))];

    const action = fc.oneof(
      fc.record({ type: fc.constant('vote' as const), who: fc.nat(5), post: fc.nat(posts.length - 1), value: fc.constantFrom(1, -1, 0) }),
      fc.record({ type: fc.constant('accept' as const), answer: fc.nat(answers.length - 1), undo: fc.boolean() }),
      fc.record({ type: fc.constant('delete' as const), answer: fc.nat(answers.length - 1) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 100, maxLength: 200 }), async (actions) => {
        for (const a of actions) {
          if (a.type === 'vote') {
            const post = posts[a.post]!;
            await request(t.http).post(`/api/v1/${post.kind}/${post.id}/vote`).set('Authorization', `Bearer ${people[a.who]!.token}`).send({ value: a.value });
          } else if (a.type === 'accept') {
            const answer = answers[a.answer]!;
            const owner = people.find((p) => p.id === questions.find((q) => q.id === answer.parentId)!.authorId)!;
            const req = a.undo ? request(t.http).delete(`/api/v1/answers/${answer.id}/accept`) : request(t.http).post(`/api/v1/answers/${answer.id}/accept`);
            await req.set('Authorization', `Bearer ${owner.token}`);
          } else if (Math.random() < 0.2) {
            const answer = answers[a.answer]!;
            const owner = people.find((p) => p.id === answer.authorId)!;
            await request(t.http).delete(`/api/v1/answers/${answer.id}`).set('Authorization', `Bearer ${owner.token}`);
          }
        }
        const report = await verifyReputation(t.app);
        expect(report.lines).toEqual([]);
      }),
      { numRuns: 3 },
    );
  }, 120_000);

  it('reputation:verify exits 0 on a consistent database and 1 with the mismatches listed', async () => {
    // As in production: a command that serves no session needs no SESSION_SECRET.
    const { SESSION_SECRET: _secret, ...outer } = process.env;
    const env = { ...outer, NODE_ENV: 'production', DATABASE_URL: t.db.options.type === 'postgres' ? (t.db.options as { url: string }).url : '', LOG_LEVEL: 'silent', NODE_OPTIONS: '' };
    const ok = await run(process.execPath, ['dist/src/cli.js', 'reputation:verify'], { cwd: PROJECT_ROOT, env });
    expect(ok.stdout).toContain('OK:');
    const victim = await createUser(t);
    await t.db.query('UPDATE users SET reputation = 77 WHERE id = $1', [victim.id]);
    const failed = await run(process.execPath, ['dist/src/cli.js', 'reputation:verify'], { cwd: PROJECT_ROOT, env }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`member ${victim.username} (#${victim.id}): stored 77, ledger says 1`);
    await t.db.query('UPDATE users SET reputation = 1 WHERE id = $1', [victim.id]);
  }, 60_000);
});
