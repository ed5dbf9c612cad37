import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, InvalidStateError, NotFoundError } from '../common/errors/domain-errors.js';
import { isUniqueViolation } from '../common/errors/postgres-errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ModerationActionsService } from '../threads/moderation-actions.service.js';
import type { Actor } from '../users/actor.js';
import { AuditLogService } from './audit-log.service.js';
import type { CloseDto, ReasonDto } from './dto/moderation.dtos.js';
import { CloseVote } from './entities/close-vote.entity.js';
import { ModerationPolicy } from './moderation.policy.js';

export interface CloseVoteResult {
  questionId: number;
  votes: number;
  needed: number;
  closed: boolean;
}

/** Locking, closing and reopening threads, by moderators or by members' close votes. */
@Injectable()
export class ThreadActionsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: ModerationPolicy,
    private readonly rules: ReputationRulesService,
    private readonly content: ModerationActionsService,
    private readonly audit: AuditLogService,
  ) {}

  async setLocked(actor: Actor, questionId: number, locked: boolean, input: ReasonDto): Promise<boolean> {
    this.policy.assertCanModerate(actor);
    return this.transactions.inTransaction(async (tx) => {
      const question = await this.content.lock(tx, 'question', questionId);
      const changed = await this.content.setLocked(tx, questionId, locked);
      if (changed) {
        await this.audit.record(tx, { actorId: actor.id, action: locked ? 'lock' : 'unlock', targetType: 'question', targetId: questionId, targetUserId: question.authorId, reason: input.reason });
      }
      return changed;
    });
  }

  async close(actor: Actor, questionId: number, input: CloseDto): Promise<boolean> {
    this.policy.assertCanModerate(actor);
    return this.transactions.inTransaction(async (tx) => {
      const question = await this.content.lock(tx, 'question', questionId);
      const duplicateOf = input.closeReason === 'duplicate' ? (input.duplicateOf ?? null) : null;
      const changed = await this.content.close(tx, questionId, input.closeReason, duplicateOf);
      if (changed) {
        await this.clearVotes(tx, questionId);
        await this.audit.record(tx, {
          actorId: actor.id,
          action: 'close',
          targetType: 'question',
          targetId: questionId,
          targetUserId: question.authorId,
          reason: input.reason,
          details: { closeReason: input.closeReason, ...(duplicateOf ? { duplicateOf } : {}) },
        });
      }
      return changed;
    });
  }

  async reopen(actor: Actor, questionId: number, input: ReasonDto): Promise<boolean> {
    this.policy.assertCanModerate(actor);
    return this.transactions.inTransaction(async (tx) => {
      const question = await this.content.lock(tx, 'question', questionId);
      const changed = await this.content.reopen(tx, questionId);
      if (changed) {
        await this.clearVotes(tx, questionId);
        await this.audit.record(tx, { actorId: actor.id, action: 'reopen', targetType: 'question', targetId: questionId, targetUserId: question.authorId, reason: input.reason });
      }
      return changed;
    });
  }

  /**
   * A member with the close privilege votes to close; the vote that reaches the threshold closes
   * the question, for the reason (and original) most voters gave.
   */
  async voteToClose(actor: Actor, questionId: number, input: CloseDto): Promise<CloseVoteResult> {
    const rules = await this.rules.current();
    try {
      return await this.transactions.inTransaction(async (tx) => {
        const question = await this.content.lock(tx, 'question', questionId);
        if ((question.hidden || question.deleted) && !this.policy.isModerator(actor)) throw new NotFoundError('No such question.');
        this.policy.assertCanVoteToClose(actor, rules);
        if (question.threadClosed) throw new InvalidStateError('This question is already closed.');
        const duplicateOf = input.closeReason === 'duplicate' ? (input.duplicateOf ?? null) : null;
        if (input.closeReason === 'duplicate') await this.content.assertOriginal(tx, questionId, duplicateOf);

        const votes = tx.getRepository(CloseVote);
        await votes.insert({ questionId, voterId: actor.id, reason: input.closeReason, duplicateOfId: duplicateOf });
        const all = await votes.find({ where: { questionId }, order: { id: 'ASC' } });
        if (all.length < rules.closeVotesToClose) return { questionId, votes: all.length, needed: rules.closeVotesToClose, closed: false };

        const reason = mostCommon(all.map((v) => v.reason))!;
        const original = reason === 'duplicate' ? mostCommon(all.filter((v) => v.duplicateOfId).map((v) => v.duplicateOfId!)) ?? null : null;
        await this.content.close(tx, questionId, reason, original);
        await this.clearVotes(tx, questionId);
        await this.audit.record(tx, {
          actorId: null,
          action: 'close',
          targetType: 'question',
          targetId: questionId,
          targetUserId: question.authorId,
          reason: `Closed by ${all.length} close votes`,
          details: { closeReason: reason, ...(original ? { duplicateOf: original } : {}), voterIds: all.map((v) => v.voterId) },
        });
        return { questionId, votes: all.length, needed: rules.closeVotesToClose, closed: true };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'close_votes_one_per_member')) throw new ConflictError('You have already voted to close this question.');
      throw error;
    }
  }

  private async clearVotes(tx: EntityManager, questionId: number): Promise<void> {
    await tx.getRepository(CloseVote).delete({ questionId });
  }
}

/** The value given most often; ties go to the one given first. */
function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}


