import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VotesService } from '../votes/votes.service.js';
import { ReputationService } from './reputation.service.js';

/**
 * `reputation:verify`: every member's reputation against 1 + their ledger (and what upvotes earned
 * them today against the day's entries), and every post's score against its votes.
 */
export async function verifyReputation(app: INestApplicationContext): Promise<{ ok: boolean; lines: string[]; users: number; posts: number }> {
  const reputation = app.get(ReputationService);
  const [people, today, scores] = await Promise.all([reputation.mismatches(), reputation.todayMismatches(), app.get(VotesService).scoreMismatches()]);
  const [{ users, posts }] = await app.get(DataSource).query('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM posts)::int AS posts');
  const lines = [
    ...people.map((m) => `member ${m.username} (#${m.userId}): stored ${m.stored}, ledger says ${m.ledger}`),
    ...today.map((m) => `member ${m.username} (#${m.userId}): upvotes earned ${m.stored} today, the ledger says ${m.ledger}`),
    ...scores.map((m) => `post #${m.postId}: stored score ${m.stored}, votes say ${m.votes}`),
  ];
  return { ok: lines.length === 0, lines, users, posts };
}
