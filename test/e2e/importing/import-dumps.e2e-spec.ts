import { join } from 'node:path';
import request from 'supertest';
import { StackExchangeImporter, type ImportSummary } from '../../../src/importing/stackexchange.importer.js';
import { verifyReputation } from '../../../src/reputation/reputation-audit.js';
import { createUser, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { DUMPS_DIR, DUMPS_PRESENT, dumpFacts, percentile, snapshot } from './dump-facts.js';

// A clone without the dumps (a user's) cannot run these; say so loudly rather than fail on a path.
if (!DUMPS_PRESENT) process.stdout.write(`importing the real dumps: skipped, no dumps at ${DUMPS_DIR} (set STACKEXCHANGE_DUMPS)\n`);

(DUMPS_PRESENT ? describe.each : describe.skip.each)(['cardano.stackexchange.com', 'quantumcomputing.stackexchange.com'])('importing the %s dump', (site) => {
  const dir = join(DUMPS_DIR, site);
  const facts = DUMPS_PRESENT ? dumpFacts(dir) : (undefined as never);
  let t: TestApp;
  let summary: ImportSummary;
  const local = async (sourceId: string | number) =>
    (await t.db.query(`SELECT local_id FROM import_mappings WHERE site = $1 AND kind = 'post' AND source_id = $2`, [site, Number(sourceId)]))[0]?.local_id as number;

  beforeAll(async () => {
    t = await startTestApp();
    summary = await t.app.get(StackExchangeImporter).import(dir, site);
  }, 600_000);
  afterAll(() => t.close());

  it('brings in every question, answer, comment and accepted answer of the dump, with members and their posts', async () => {
    const [counts] = await t.db.query(
      `SELECT count(*) FILTER (WHERE type = 'question')::int AS questions, count(*) FILTER (WHERE type = 'answer')::int AS answers,
              count(accepted_answer_id)::int AS accepted,
              (SELECT count(*)::int FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.imported_from = $1) AS comments,
              (SELECT count(DISTINCT author_id)::int FROM posts p JOIN users u ON u.id = p.author_id WHERE p.imported_from = $1 AND u.imported_source_id IS NOT NULL) AS authors
       FROM posts WHERE imported_from = $1`,
      [site],
    );
    expect(counts).toEqual({
      questions: facts.questions.length,
      answers: facts.answers.length,
      accepted: facts.accepted.length,
      comments: facts.comments.length,
      authors: facts.membersWithPosts.size,
    });
    expect(summary.added.questions).toBe(facts.questions.length);
    // An accepted answer belongs to its question, and the question's asker accepted it.
    const [wrong] = await t.db.query(
      `SELECT count(*)::int AS n FROM posts q JOIN posts a ON a.id = q.accepted_answer_id WHERE q.imported_from = $1 AND (a.parent_id <> q.id OR q.accepted_by_id <> q.author_id)`,
      [site],
    );
    expect(wrong.n).toBe(0);
  });

  it('keeps every post score as the dump has it, and the reputation of its ten highest members; reputation:verify passes', async () => {
    const rows: { source_id: number; score: number }[] = await t.db.query('SELECT source_id, score FROM posts WHERE imported_from = $1', [site]);
    expect(rows).toHaveLength(facts.scores.size);
    expect(rows.filter((r) => facts.scores.get(r.source_id) !== r.score)).toEqual([]);
    const top: { id: number; reputation: number }[] = await t.db.query(
      'SELECT imported_source_id AS id, reputation FROM users WHERE imported_from = $1 AND imported_source_id = ANY($2) ORDER BY reputation DESC, imported_source_id',
      [site, facts.topReputation.map((u) => u.id)],
    );
    expect(top).toEqual(facts.topReputation);
    const report = await verifyReputation(t.app);
    expect(report.lines).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('closes duplicates as duplicates of their original', async () => {
    expect(facts.duplicates.size).toBeGreaterThan(0);
    for (const [question, originals] of facts.duplicates) {
      const [row] = await t.db.query('SELECT close_reason, closed_at, duplicate_of_id FROM posts WHERE id = $1', [await local(question)]);
      expect(row.close_reason).toBe('duplicate');
      expect(row.closed_at).not.toBeNull();
      const targets = await Promise.all([...originals].map(local));
      expect(targets).toContain(row.duplicate_of_id);
    }
    const pairs = await t.app.get(StackExchangeImporter).duplicates(site);
    expect(pairs).toHaveLength(facts.duplicates.size);
  });

  it('makes members nobody can sign in as', async () => {
    const [row] = await t.db.query('SELECT count(*)::int AS n FROM users WHERE imported_from = $1 AND (email IS NOT NULL OR password_hash IS NOT NULL)', [site]);
    expect(row.n).toBe(0);
  });

  it('changes no row when the same dump is imported again', async () => {
    const before = await snapshot(t);
    const again = await t.app.get(StackExchangeImporter).import(dir, site);
    expect(again.added).toEqual({ members: 0, questions: 0, answers: 0, comments: 0, duplicates: 0, tagDescriptions: 0, reputationEntries: 0 });
    expect(again.alreadyImported.posts).toBe(facts.questions.length + facts.answers.length);
    expect(await snapshot(t)).toEqual(before);
  }, 600_000);

  it('shows an imported thread with its attribution', async () => {
    const question = facts.questions.find((q) => /<pre[^>]*><code>/.test(q.Body!) && /<a href="https?:/.test(q.Body!))!;
    const id = await local(question.Id!);
    const page = await request(t.http).get(`/questions/${id}`).redirects(1).expect(200);
    expect(page.text).toMatch(/<pre><code[^>]*>/);
    expect(page.text).toContain(`href="https://${site}/q/${question.Id}"`);
    expect(page.text).toContain(site);
  });

  it("shows the dump's real number of questions and its time to first answer in insights over the dump's period", async () => {
    const moderator = await createUser(t, { role: 'moderator' });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const res = await request(t.http)
      .get(`/api/v1/insights?from=${day(facts.firstAsked)}&to=${day(facts.lastAsked)}`)
      .set('Authorization', `Bearer ${await tokenFor(t, moderator.username)}`)
      .expect(200);
    expect(res.body.questions.asked).toBe(facts.questions.length);
    expect(res.body.questions.answered).toBe(facts.hoursToFirst.length);
    expect(res.body.questions.medianHoursToFirstAnswer).toBeCloseTo(percentile(facts.hoursToFirst, 0.5), 2);
    expect(res.body.questions.p90HoursToFirstAnswer).toBeCloseTo(percentile(facts.hoursToFirst, 0.9), 2);
    expect(res.body.trend.reduce((sum: number, b: { asked: number }) => sum + b.asked, 0)).toBe(facts.questions.length);
    expect(res.body.trend[0].day).toBe(day(facts.firstAsked));
  });
});
