import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-errors.js';
import type { PageRequest } from '../common/http/pagination.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ReputationService } from '../reputation/reputation.service.js';
import { AnswersService } from '../threads/answers.service.js';
import { ModerationActionsService, type ContentRef } from '../threads/moderation-actions.service.js';
import { QuestionsService } from '../threads/questions.service.js';
import { ThreadReader, type ContentSummary } from '../threads/thread-reader.service.js';
import type { Actor } from '../users/actor.js';
import { AuditLogService } from './audit-log.service.js';
import type { ModeratorEditDto, ReviewAction, ReviewDto } from './dto/moderation.dtos.js';
import { Flag, type FlagReason, type FlagStatus, type FlagTargetType } from './entities/flag.entity.js';
import { ModerationPolicy } from './moderation.policy.js';

export interface QueueItem {
  targetType: FlagTargetType;
  targetId: number;
  oldest: Date;
  flags: { reason: FlagReason; note: string | null; flagger: string; createdAt: string }[];
  content: ContentSummary | undefined;
}

export interface ReviewOutcome {
  questionId: number;
  changed: boolean;
}

/** What happens to a target's open flags after each review action. */
const FLAG_OUTCOME: Record<ReviewAction, FlagStatus | null> = {
  dismiss: 'dismissed',
  hide: 'upheld',
  restore: 'dismissed',
  delete: 'upheld',
  undelete: null,
};

/** The review queue: flagged content grouped per target, oldest first, and what moderators do with it. */
@Injectable()
export class ReviewService {
  constructor(
    @InjectRepository(Flag) private readonly flags: Repository<Flag>,
    private readonly transactions: TransactionRunner,
    private readonly policy: ModerationPolicy,
    private readonly rules: ReputationRulesService,
    private readonly reputation: ReputationService,
    private readonly content: ModerationActionsService,
    private readonly reader: ThreadReader,
    private readonly questions: QuestionsService,
    private readonly answers: AnswersService,
    private readonly audit: AuditLogService,
  ) {}

  async queue(actor: Actor, page: PageRequest): Promise<{ items: QueueItem[]; hasNext: boolean }> {
    this.policy.assertModerator(actor);
    const rows: Omit<QueueItem, 'content'>[] = await this.flags.query(
      `SELECT f.target_type AS "targetType", f.target_id AS "targetId", min(f.created_at) AS oldest,
              json_agg(json_build_object('reason', f.reason, 'note', f.note, 'flagger', u.username, 'createdAt', f.created_at) ORDER BY f.created_at, f.id) AS flags
       FROM flags f JOIN users u ON u.id = f.flagger_id
       WHERE f.status = 'open'
       GROUP BY f.target_type, f.target_id
       ORDER BY oldest, f.target_type, f.target_id
       OFFSET $1 LIMIT $2`,
      [page.offset, page.size + 1],
    );
    const items = rows.slice(0, page.size);
    const summaries = await this.reader.contentSummaries(items.map((item) => ({ type: item.targetType, id: item.targetId })));
    return {
      items: items.map((item) => ({ ...item, content: summaries.get(`${item.targetType}:${item.targetId}`) })),
      hasNext: rows.length > page.size,
    };
  }

  /** One review action on one target, its flags resolved and its audit entry written in the same transaction. */
  async review(actor: Actor, targetType: FlagTargetType, targetId: number, action: ReviewAction, input: ReviewDto): Promise<ReviewOutcome> {
    this.policy.assertCanModerate(actor);
    const rules = await this.rules.current();
    return this.transactions.inTransaction(async (tx) => {
      const target = await this.content.lock(tx, targetType, targetId);
      let changed = false;
      switch (action) {
        case 'dismiss':
          break;
        case 'hide':
          changed = await this.content.hide(tx, targetType, targetId);
          break;
        case 'restore':
          changed = await this.content.restore(tx, targetType, targetId);
          break;
        case 'delete':
          changed = await this.content.delete(tx, targetType, targetId, actor.id);
          if (changed && targetType !== 'comment' && (input.cause === 'spam' || input.cause === 'offensive')) {
            await this.reputation.record(tx, [
              { userId: target.authorId, amount: rules.postDeletedAsSpam, reason: 'post_deleted_as_spam', postId: targetId, actorId: actor.id },
            ]);
          }
          break;
        case 'undelete':
          changed = await this.content.undelete(tx, targetType, targetId);
          if (changed && targetType !== 'comment') await this.reputation.reversePosts(tx, [targetId], ['post_deleted_as_spam']);
          break;
      }
      // Confirming what a post already is (keeping an auto-hidden post hidden) still settles its flags, and is logged.
      const outcome = FLAG_OUTCOME[action];
      const settled = outcome ? await this.resolveFlags(tx, target, outcome, actor.id) : 0;
      changed ||= settled > 0;
      if (changed) {
        await this.audit.record(tx, {
          actorId: actor.id,
          action,
          targetType,
          targetId,
          targetUserId: target.authorId,
          reason: input.reason,
          details: { ...(action === 'delete' && input.cause ? { cause: input.cause } : {}), ...(settled ? { flagsSettled: settled } : {}) },
        });
      }
      return { questionId: target.questionId, changed };
    });
  }

  /** The post as a moderator starts editing it. */
  async editable(actor: Actor, targetType: 'question' | 'answer', targetId: number) {
    this.policy.assertCanModerate(actor);
    return targetType === 'question' ? this.questions.editable(actor, targetId) : this.answers.editable(actor, targetId);
  }

  /** A moderator's edit: a new revision naming them, and an audit entry, in one transaction. */
  async edit(actor: Actor, targetType: 'question' | 'answer', targetId: number, input: ModeratorEditDto): Promise<ReviewOutcome> {
    this.policy.assertCanModerate(actor);
    const rules = await this.rules.current();
    return this.transactions.inTransaction(async (tx) => {
      const target = await this.content.lock(tx, targetType, targetId);
      const summary = input.reason ? `Moderator: ${input.reason}`.slice(0, 200) : 'Edited by a moderator';
      let edited;
      if (targetType === 'question') {
        edited = await this.questions.editIn(tx, actor, targetId, { title: input.title, body: input.body, tags: input.tags, summary }, rules);
      } else {
        if (input.body === undefined) throw new ValidationFailedError({ body: ['Write the answer.'] });
        if (input.title !== undefined || input.tags !== undefined) throw new ValidationFailedError({ title: ['Answers have no title or tags.'] });
        edited = await this.answers.editIn(tx, actor, targetId, { body: input.body, summary }, rules);
      }
      const changed = edited.revisionCount !== target.revisionCount;
      if (changed) {
        await this.audit.record(tx, {
          actorId: actor.id,
          action: 'edit',
          targetType,
          targetId,
          targetUserId: target.authorId,
          reason: input.reason,
          details: { revision: edited.revisionCount },
        });
      }
      return { questionId: target.questionId, changed };
    });
  }

  private async resolveFlags(tx: EntityManager, target: ContentRef, status: FlagStatus, moderatorId: number): Promise<number> {
    const open = await tx.getRepository(Flag).find({ where: { targetType: target.type, targetId: target.id, status: 'open' }, select: { id: true } });
    if (open.length === 0) return 0;
    await tx.getRepository(Flag).update({ id: In(open.map((f) => f.id)) }, { status, resolvedAt: new Date(), resolvedById: moderatorId });
    return open.length;
  }
}
