import request from 'supertest';
import { BadgeAwarder } from '../../../src/badges/badge-awarder.service.js';
import { VotesService } from '../../../src/votes/votes.service.js';
import { createUser, drainJobs, tokenFor, type TestApp } from '../../support/test-app.js';

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** The badges a member holds (not revoked): slug → the posts they were earned for (null for once). */
export async function badgesOf(t: TestApp, userId: number): Promise<Map<string, (number | null)[]>> {
  const rows: { badge: string; post_id: number | null }[] = await t.db.query(
    'SELECT badge, post_id FROM badge_awards WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id',
    [userId],
  );
  const held = new Map<string, (number | null)[]>();
  for (const row of rows) held.set(row.badge, [...(held.get(row.badge) ?? []), row.post_id]);
  return held;
}

export async function awardRows(t: TestApp): Promise<number> {
  return (await t.db.query('SELECT count(*)::int AS n FROM badge_awards'))[0].n as number;
}

/** Every rule over all data, as `badges:backfill` does. */
export function backfill(t: TestApp) {
  return t.app.get(BadgeAwarder).backfill();
}

/** A member who may vote, comment and edit anywhere. */
export function trustedMember(t: TestApp) {
  return createUser(t, { reputation: 5000 });
}

/** Upvotes a post through the owning service (the votes.changed job follows), by a fresh voter, then drains jobs. */
export async function upvote(t: TestApp, postType: 'question' | 'answer', postId: number) {
  const voter = await trustedMember(t);
  await t.app.get(VotesService).cast(voter, postType, postId, 1);
  await drainJobs(t);
}

export async function setScore(t: TestApp, postId: number, score: number) {
  await t.db.query('UPDATE posts SET score = $2 WHERE id = $1', [postId, score]);
}

/** `n` questions by `askerId`, each with an answer by `answererId` accepted `daysAgo` days ago, written with SQL (no jobs). */
export async function insertAcceptedAnswers(t: TestApp, answererId: number, askerId: number, n: number, daysAgo = 1): Promise<number[]> {
  if (n === 0) return [];
  const questions: { id: number }[] = await t.db.query(
    `INSERT INTO posts (type, author_id, title, slug, body, body_html, tags, answer_count, created_at)
     SELECT 'question', $1, 'Fixture question number ' || g, 'fixture-question-' || g, 'Fixture body', '<p>Fixture body</p>', '{setup}', 1, now() - make_interval(days => $3)
     FROM generate_series(1, $2::int) g RETURNING id`,
    [askerId, n, daysAgo],
  );
  const ids = questions.map((q) => q.id);
  const answers: { id: number; parent_id: number }[] = await t.db.query(
    `INSERT INTO posts (type, parent_id, author_id, body, body_html, created_at)
     SELECT 'answer', q, $2, 'Fixture answer', '<p>Fixture answer</p>', now() - make_interval(days => $3) FROM unnest($1::int[]) q RETURNING id, parent_id`,
    [ids, answererId, daysAgo],
  );
  await t.db.query(
    `UPDATE posts q SET accepted_answer_id = a.id, accepted_by_id = q.author_id, accepted_at = now() - make_interval(days => $3)
     FROM unnest($1::int[], $2::int[]) AS a(id, parent) WHERE q.id = a.parent`,
    [answers.map((a) => a.id), answers.map((a) => a.parent_id), daysAgo],
  );
  return answers.map((a) => a.id);
}

/** `n` answers by `authorId` to one fresh question, written with SQL (no jobs). */
export async function insertAnswers(t: TestApp, authorId: number, askerId: number, n: number): Promise<void> {
  const [question] = await t.db.query(
    `INSERT INTO posts (type, author_id, title, slug, body, body_html) VALUES ('question', $1, 'A question for fixtures', 'a-question-for-fixtures', 'Body', '<p>Body</p>') RETURNING id`,
    [askerId],
  );
  await t.db.query(
    `INSERT INTO posts (type, parent_id, author_id, body, body_html) SELECT 'answer', $1, $2, 'Answer ' || g, '<p>Answer</p>' FROM generate_series(1, $3::int) g`,
    [question.id, authorId, n],
  );
}

/** Authenticated JSON calls with one member's token. */
export async function apiFor(t: TestApp, user: TestUser) {
  const token = await tokenFor(t, user.username);
  const auth = (req: request.Test) => req.set('Authorization', `Bearer ${token}`);
  return {
    get: (path: string) => auth(request(t.http).get(`/api/v1${path}`)),
    post: (path: string, body: object = {}) => auth(request(t.http).post(`/api/v1${path}`)).send(body),
    put: (path: string, body: object = {}) => auth(request(t.http).put(`/api/v1${path}`)).send(body),
    delete: (path: string, body: object = {}) => auth(request(t.http).delete(`/api/v1${path}`)).send(body),
  };
}
