import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidStateError } from '../../common/errors/domain-errors.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { TokensService } from '../../auth/tokens.service.js';
import { AnswersService } from '../../threads/answers.service.js';
import { CommentsService } from '../../threads/comments.service.js';
import { QuestionsService } from '../../threads/questions.service.js';
import type { Actor } from '../../users/actor.js';
import { UserAccountsService } from '../../users/user-accounts.service.js';
import { AccountTokensService } from '../account-tokens/account-tokens.service.js';
import { WRONG_PASSWORD } from '../email-verification/email-confirmation.service.js';
import { assertNotLastAdmin } from '../roles/last-admin.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { IdentitiesService } from '../sso/identities.service.js';
import { TwoFactorService } from '../two-factor/two-factor.service.js';
import { personalData } from './personal-data.query.js';

const TYPE_YOUR_USERNAME = 'Your account has no password: type your username to confirm.';

/**
 * A member's own data: downloading it, and deleting the account. Deletion erases the personal
 * data at once and keeps the row (as "deleted member N"), so posts, votes, scores and the
 * reputation ledger stay as they were, unless the member removes their posts too: then each is
 * deleted as its author would delete it, reversing the reputation it earned.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly accounts: UserAccountsService,
    private readonly accountTokens: AccountTokensService,
    private readonly apiTokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly log: SecurityLogService,
    private readonly questions: QuestionsService,
    private readonly answers: AnswersService,
    private readonly comments: CommentsService,
    private readonly twoFactor: TwoFactorService,
    private readonly identities: IdentitiesService,
  ) {}

  /** Whether deleting asks for the password, or for the username of an account without one. */
  async confirmsWithPassword(actor: Actor): Promise<boolean> {
    return this.accounts.hasPassword(actor.id);
  }

  async export(actor: Actor) {
    const data = await personalData(this.dataSource.manager, actor.id);
    await this.log.record('data-exported', { userId: actor.id });
    return data;
  }

  /**
   * `confirmation` is the password; an account without one (single sign-on only) confirms with
   * its username, typed out, on top of the signed-in session.
   */
  async deleteAccount(actor: Actor, confirmation: string, removePosts: boolean): Promise<{ username: string }> {
    if (!(await this.accounts.hasPassword(actor.id))) {
      if (confirmation.trim() !== actor.username) throw new InvalidStateError(TYPE_YOUR_USERNAME, 'password');
    } else if (!(await this.accounts.passwordMatches(actor.id, confirmation))) {
      throw new InvalidStateError(WRONG_PASSWORD, 'password');
    }
    // Checked before any post goes, and again under lock below.
    await this.transactions.inTransaction((tx) => assertNotLastAdmin(this.accounts, tx, actor.id));
    if (removePosts) await this.removePosts(actor);
    return this.transactions.inTransaction(async (tx) => {
      await assertNotLastAdmin(this.accounts, tx, actor.id);
      await this.accounts.lockById(tx, actor.id);
      await this.sessions.signOutEverywhere(tx, actor.id);
      await this.apiTokens.eraseAllOf(tx, actor.id);
      await this.accountTokens.deleteAllOf(tx, actor.id);
      await this.twoFactor.erase(tx, actor.id);
      await this.identities.erase(tx, actor.id);
      await this.log.erasePersonalData(tx, actor.id);
      const username = await this.accounts.erase(tx, actor.id);
      await this.log.record('account-deleted', { userId: actor.id, detail: { postsRemoved: removePosts } }, tx);
      return { username };
    });
  }

  /** An accepted answer stays (the asker's solution), attributed to the deleted member like any kept post. */
  private async removeAnswer(actor: Actor, answerId: number): Promise<void> {
    try {
      await this.answers.delete(actor, answerId);
    } catch (error) {
      if (!(error instanceof InvalidStateError)) throw error;
    }
  }

  /** Answers and comments first, then questions: each through its owner's own delete, so counts and reputation stay true. */
  private async removePosts(actor: Actor): Promise<void> {
    const posts: { id: number; type: 'question' | 'answer' }[] = await this.dataSource.query(
      `SELECT id, type FROM posts WHERE author_id = $1 AND deleted_at IS NULL ORDER BY type = 'question', id`,
      [actor.id],
    );
    const comments: { id: number }[] = await this.dataSource.query('SELECT id FROM comments WHERE author_id = $1 AND deleted_at IS NULL', [actor.id]);
    for (const comment of comments) await this.comments.delete(actor, comment.id);
    for (const post of posts) {
      if (post.type === 'question') await this.questions.delete(actor, post.id);
      else await this.removeAnswer(actor, post.id);
    }
  }
}
