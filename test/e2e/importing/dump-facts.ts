import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import type { TestApp } from '../../support/test-app.js';

/**
 * The real dumps the import is proven on: STACKEXCHANGE_DUMPS, else the shared datasets folder
 * beside the repository on our machines. They are never copied into the repository (CC BY-SA).
 */
export const DUMPS_DIR = process.env.STACKEXCHANGE_DUMPS ?? join(process.cwd(), '..', 'shared', 'datasets', 'stackexchange');
export const DUMPS_PRESENT = existsSync(DUMPS_DIR);

type Row = Record<string, string>;

/** Every row of one dump file (the test's own parse: small files, read whole, independent of the importer). */
export function rowsOf(dir: string, file: string): Row[] {
  const rows: Row[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    if (tag.name === 'row') rows.push(tag.attributes as Row);
  });
  parser.write(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, '')).close();
  return rows;
}

const utc = (value: string) => new Date(`${value}Z`);

/** What an import of the dump must show, computed from the XML alone. */
export function dumpFacts(dir: string) {
  const users = rowsOf(dir, 'Users.xml');
  const posts = rowsOf(dir, 'Posts.xml');
  const comments = rowsOf(dir, 'Comments.xml');
  const links = rowsOf(dir, 'PostLinks.xml');
  const userIds = new Set(users.map((u) => u.Id));
  const questions = posts.filter((p) => p.PostTypeId === '1');
  const questionIds = new Set(questions.map((q) => q.Id));
  const answers = posts.filter((p) => p.PostTypeId === '2' && questionIds.has(p.ParentId!));
  const answerParent = new Map(answers.map((a) => [a.Id!, a.ParentId!]));
  const kept = new Set([...questionIds, ...answerParent.keys()]);
  const accepted = questions.filter((q) => q.AcceptedAnswerId && answerParent.get(q.AcceptedAnswerId) === q.Id);
  const membersWithPosts = new Set([...questions, ...answers].map((p) => p.OwnerUserId).filter((id) => id && userIds.has(id)));
  const duplicates = new Map<string, Set<string>>();
  for (const link of links) {
    if (link.LinkTypeId === '3' && questionIds.has(link.PostId!) && questionIds.has(link.RelatedPostId!) && link.PostId !== link.RelatedPostId) {
      duplicates.set(link.PostId!, (duplicates.get(link.PostId!) ?? new Set()).add(link.RelatedPostId!));
    }
  }
  const topReputation = [...users]
    .sort((a, b) => Number(b.Reputation) - Number(a.Reputation) || Number(a.Id) - Number(b.Id))
    .slice(0, 10)
    .map((u) => ({ id: Number(u.Id), reputation: Number(u.Reputation) }));
  // Time to first answer per question, in hours, as insights compute it (the earliest answer).
  const firstAnswer = new Map<string, number>();
  for (const a of answers) {
    const t = utc(a.CreationDate!).getTime();
    if (!firstAnswer.has(a.ParentId!) || t < firstAnswer.get(a.ParentId!)!) firstAnswer.set(a.ParentId!, t);
  }
  const hoursToFirst = questions
    .filter((q) => firstAnswer.has(q.Id!))
    .map((q) => (firstAnswer.get(q.Id!)! - utc(q.CreationDate!).getTime()) / 3_600_000)
    .sort((a, b) => a - b);
  const asked = questions.map((q) => utc(q.CreationDate!).getTime());
  return {
    questions,
    answers,
    comments: comments.filter((c) => kept.has(c.PostId!)),
    accepted,
    membersWithPosts,
    duplicates,
    topReputation,
    scores: new Map([...questions, ...answers].map((p) => [Number(p.Id), Number(p.Score)])),
    firstAsked: new Date(Math.min(...asked)),
    lastAsked: new Date(Math.max(...asked)),
    hoursToFirst,
  };
}

/** percentile_cont, as PostgreSQL computes it. */
export function percentile(sorted: number[], p: number): number {
  const at = p * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/** Row count and a digest of every row of the tables an import writes or derives. */
export async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const tables = [
    'users', 'posts', 'comments', 'votes', 'reputation_entries', 'tags', 'post_tags', 'post_revisions', 'import_mappings', 'import_runs',
    'search_documents', 'insights_question_facts', 'insights_answer_facts', 'badge_awards', 'pgboss.job',
  ];
  const result: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await t.db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS digest FROM ${table} x`);
    result[table] = `${row.n} ${row.digest}`;
  }
  return result;
}

