import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VotesService } from '../votes/votes.service.js';
import { AuditLogService } from './audit-log.service.js';

/** More than this many votes from one voter to one author's posts within the window is serial voting. */
export const SERIAL_VOTE_THRESHOLD = 10;
const WINDOW_MS = 24 * 3600 * 1000;

export interface SerialVotingReport {
  pairs: { voterId: number; authorId: number; reversed: number }[];
}

/**
 * The daily serial-voting sweep: finds voters who gave one author more than 10 votes in 24 hours
 * and retracts those votes with their reputation, one transaction (and one audit entry) per pair.
 * Retracted votes no longer count, so running it again finds nothing new.
 */
@Injectable()
export class SerialVotingService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly votes: VotesService,
    private readonly audit: AuditLogService,
  ) {}

  async sweep(now = new Date()): Promise<SerialVotingReport> {
    const since = new Date(now.getTime() - WINDOW_MS);
    const suspects = await this.votes.serialVoters(since, SERIAL_VOTE_THRESHOLD);
    const pairs: SerialVotingReport['pairs'] = [];
    for (const { voterId, authorId } of suspects) {
      const voteIds = await this.transactions.inTransaction(async (tx) => {
        const reversed = await this.votes.retractSerialVotes(tx, voterId, authorId, since);
        if (reversed.length > 0) {
          await this.audit.record(tx, {
            actorId: null,
            action: 'reverse-serial-votes',
            targetType: 'user',
            targetId: voterId,
            targetUserId: voterId,
            reason: `${reversed.length} votes on one member's posts within 24 hours`,
            details: { authorId, voteIds: reversed },
          });
        }
        return reversed;
      });
      pairs.push({ voterId, authorId, reversed: voteIds.length });
    }
    return { pairs };
  }
}
