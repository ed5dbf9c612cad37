import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvalidStateError } from '../common/errors/domain-errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { ReputationService } from '../reputation/reputation.service.js';
import { acceptanceEntries } from '../reputation/reputation.rules.js';
import type { Actor } from '../users/actor.js';
import { refreshVerifiedMark } from './answers.service.js';
import { Post } from './entities/post.entity.js';
import { lockPost } from './post-locks.js';
import { ThreadsPolicy } from './threads.policy.js';
import { JobQueue } from '../jobs/job-queue.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { threadTags } from '../page-cache/page-tags.js';
import { ThreadEvents } from './threads.events.js';

export interface SolutionState {
  questionId: number;
  acceptedAnswerId: number | null;
}

/** Accepting the answer that solved a question, and support's "verified" mark. */
@Injectable()
export class AcceptanceService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly policy: ThreadsPolicy,
    private readonly reputation: ReputationService,
    private readonly rules: ReputationRulesService,
    private readonly jobs: JobQueue,
    private readonly pages: PageCache,
  ) {}

  /** Accepting another answer replaces the first; accepting the same one again changes nothing. */
  async accept(actor: Actor, answerId: number): Promise<SolutionState> {
    const rules = await this.rules.current();
    return this.transactions.inTransaction(async (tx) => {
      const { answer, question } = await this.lockAnswerAndQuestion(tx, actor, answerId);
      this.policy.assertCanAccept(actor, question);
      if (question.acceptedAnswerId === answer.id) return { questionId: question.id, acceptedAnswerId: answer.id };
      if (question.acceptedAnswerId) await this.reverseAcceptance(tx, question.acceptedAnswerId);
      await tx.getRepository(Post).update(
        { id: question.id },
        { acceptedAnswerId: answer.id, acceptedById: actor.id, acceptedAt: new Date(), lastActivityAt: new Date() },
      );
      await this.reputation.record(
        tx,
        acceptanceEntries(rules, { answerId: answer.id, answerAuthorId: answer.authorId, askerId: question.authorId, accepterId: actor.id }),
      );
      await this.publishSolution(tx, question.id, answer.id, question.acceptedAnswerId, actor.id);
      return { questionId: question.id, acceptedAnswerId: answer.id };
    });
  }

  /** Unaccepting an answer that is not the accepted one changes nothing (a replay is harmless). */
  async unaccept(actor: Actor, answerId: number): Promise<SolutionState> {
    return this.transactions.inTransaction(async (tx) => {
      const { answer, question } = await this.lockAnswerAndQuestion(tx, actor, answerId);
      if (question.acceptedAnswerId !== answer.id) return { questionId: question.id, acceptedAnswerId: question.acceptedAnswerId };
      this.policy.assertCanUnaccept(actor, question);
      await tx.getRepository(Post).update({ id: question.id }, { acceptedAnswerId: null, acceptedById: null, acceptedAt: null });
      await this.reverseAcceptance(tx, answer.id);
      await this.publishSolution(tx, question.id, null, answer.id, actor.id);
      return { questionId: question.id, acceptedAnswerId: null };
    });
  }

  async setVerified(actor: Actor, answerId: number, verified: boolean): Promise<{ questionId: number; verified: boolean }> {
    this.policy.assertCanVerify(actor);
    return this.transactions.inTransaction(async (tx) => {
      const { answer, question } = await this.lockAnswerAndQuestion(tx, actor, answerId);
      if (Boolean(answer.verifiedAt) !== verified) {
        await tx.getRepository(Post).update(
          { id: answer.id },
          verified ? { verifiedAt: new Date(), verifiedById: actor.id } : { verifiedAt: null, verifiedById: null },
        );
        await refreshVerifiedMark(tx, question.id);
        await this.jobs.publish(tx, ThreadEvents.changed, { questionId: question.id });
        await this.pages.announce(tx, threadTags(question.id));
      }
      return { questionId: question.id, verified };
    });
  }

  private async publishSolution(tx: EntityManager, questionId: number, acceptedAnswerId: number | null, previousAnswerId: number | null, actorId: number) {
    await this.jobs.publish(tx, ThreadEvents.solutionChanged, { questionId, acceptedAnswerId, previousAnswerId, actorId });
    await this.jobs.publish(tx, ThreadEvents.changed, { questionId });
    await this.pages.announce(tx, threadTags(questionId));
  }

  private reverseAcceptance(tx: EntityManager, answerId: number): Promise<void> {
    return this.reputation.reversePosts(tx, [answerId], ['answer_accepted', 'accepted_answer']);
  }

  private async lockAnswerAndQuestion(tx: EntityManager, actor: Actor, answerId: number) {
    const unlocked = await tx.getRepository(Post).findOneBy({ id: answerId, type: 'answer' });
    this.policy.assertVisible(actor, unlocked, 'answer');
    const question = await lockPost(tx, unlocked.parentId!, 'question');
    const answer = await lockPost(tx, answerId, 'answer');
    this.policy.assertVisible(actor, question);
    if (answer.deletedAt || answer.hiddenAt) throw new InvalidStateError('A removed answer cannot be accepted or verified.');
    return { answer, question };
  }
}
