import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { isUniqueViolation } from '../common/errors/postgres-errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ModerationActionsService } from '../threads/moderation-actions.service.js';
import type { Actor } from '../users/actor.js';
import { AuditLogService } from './audit-log.service.js';
import type { FlagDto } from './dto/moderation.dtos.js';
import { Flag, type FlagTargetType } from './entities/flag.entity.js';
import { ModerationPolicy } from './moderation.policy.js';

export interface FlagResult {
  flag: Flag;
  /** Whether this flag hid the content pending review. */
  hidden: boolean;
}

/** Members flag content; enough counting flags hide it until a moderator reviews it. */
@Injectable()
export class FlagsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: ModerationPolicy,
    private readonly rules: ReputationRulesService,
    private readonly content: ModerationActionsService,
    private readonly audit: AuditLogService,
  ) {}

  /**
   * One open flag per member and target. The thread's question row is locked while the flag is
   * written and counted, so concurrent flags count one after another and hide exactly once.
   */
  async flag(actor: Actor, targetType: FlagTargetType, targetId: number, input: FlagDto): Promise<FlagResult> {
    const rules = await this.rules.current();
    try {
      return await this.transactions.inTransaction(async (tx) => {
        const target = await this.content.lock(tx, targetType, targetId);
        if ((target.hidden || target.deleted) && !this.policy.isModerator(actor)) throw new NotFoundError(`No such ${targetType}.`);
        this.policy.assertCanFlag(actor, target.authorId);
        const flags = tx.getRepository(Flag);
        if (await flags.existsBy({ flaggerId: actor.id, targetType, targetId, status: 'open' })) throw alreadyFlagged(targetType);

        const flag = await flags.save(
          flags.create({
            targetType,
            targetId,
            questionId: target.questionId,
            flaggerId: actor.id,
            reason: input.reason,
            note: input.note ?? null,
            counts: this.policy.flagCounts(actor, rules),
          }),
        );
        const counting = await flags.countBy({ targetType, targetId, status: 'open', counts: true });
        const hidden = !target.hidden && !target.deleted && counting >= rules.flagsToHide && (await this.content.hide(tx, targetType, targetId));
        if (hidden) {
          await this.audit.record(tx, {
            actorId: null,
            action: 'auto-hide',
            targetType,
            targetId,
            targetUserId: target.authorId,
            reason: `${counting} members flagged it`,
          });
        }
        return { flag, hidden };
      });
    } catch (error) {
      // Two flags by one member raced past the check: the partial unique key decides.
      if (isUniqueViolation(error, 'flags_one_open_per_member')) throw alreadyFlagged(targetType);
      throw error;
    }
  }
}

function alreadyFlagged(targetType: FlagTargetType): ConflictError {
  return new ConflictError(`You have already flagged this ${targetType}; a moderator will review it.`);
}
