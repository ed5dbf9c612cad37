import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.js';
import { KnowledgeEvents, type AnswerPromoted } from '../knowledge/knowledge.events.js';
import { ModerationEvents, type ModerationActionRecorded } from '../moderation/moderation.events.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { ThreadEvents, type CommentCreated, type PostCreated, type SolutionChanged } from '../threads/threads.events.js';
import { UsersService } from '../users/users.service.js';
import { ExpectedBadgeEvents, type BadgeAwarded, type SuperUserDecided } from './notifications.events.js';
import { NotificationsPolicy } from './notifications.policy.js';
import { NotificationsService } from './notifications.service.js';

const SUBSCRIBER = 'notifications';

const MODERATION_WORDS: Record<string, string> = {
  hide: 'hid', 'auto-hide': 'hid, after flags from the community,', restore: 'restored', delete: 'deleted', undelete: 'restored',
  edit: 'edited', lock: 'locked', unlock: 'unlocked', close: 'closed', reopen: 'reopened',
};

/**
 * Turns what happened elsewhere into notifications. Each handler runs as a job of its own (a
 * failure retries it and never blocks the action) and is idempotent (one notification per source).
 */
@Injectable()
export class NotificationTriggers implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly notifications: NotificationsService,
    private readonly policy: NotificationsPolicy,
    private readonly reader: ThreadReader,
    private readonly users: UsersService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<PostCreated>(ThreadEvents.postCreated, (e) => this.postCreated(e), SUBSCRIBER);
    await this.jobs.subscribe<CommentCreated>(ThreadEvents.commentCreated, (e) => this.commentCreated(e), SUBSCRIBER);
    await this.jobs.subscribe<SolutionChanged>(ThreadEvents.solutionChanged, (e) => this.solutionChanged(e), SUBSCRIBER);
    await this.jobs.subscribe<AnswerPromoted>(KnowledgeEvents.answerPromoted, (e) => this.answerPromoted(e), SUBSCRIBER);
    await this.jobs.subscribe<ModerationActionRecorded>(ModerationEvents.actionRecorded, (e) => this.moderation(e), SUBSCRIBER);
    await this.jobs.subscribe<BadgeAwarded>(ExpectedBadgeEvents.badgeAwarded, (e) => this.badgeAwarded(e), SUBSCRIBER);
    await this.jobs.subscribe<SuperUserDecided>(ExpectedBadgeEvents.superUserDecided, (e) => this.superUserDecided(e), SUBSCRIBER);
  }

  async postCreated(event: PostCreated): Promise<void> {
    if (event.type !== 'answer') return;
    const { question } = await this.reader.forIndexing(event.questionId);
    if (!question) return;
    const link = (await this.reader.linksFor(undefined, [event.postId])).get(event.postId);
    await this.notifications.notify({
      userId: question.authorId, kind: 'answer', sourceKey: `answer:${event.postId}`, actorId: event.authorId,
      text: `New answer to your question “${question.title}”`, url: link?.url ?? `/questions/${question.id}`,
    });
  }

  async commentCreated(event: CommentCreated): Promise<void> {
    const summary = (await this.reader.contentSummaries([{ type: 'comment', id: event.commentId }])).get(`comment:${event.commentId}`);
    if (!summary) return;
    const what = event.postId === event.questionId ? 'question' : 'answer';
    await this.notifications.notify({
      userId: event.postAuthorId, kind: 'comment', sourceKey: `comment:${event.commentId}`, actorId: event.authorId,
      text: `New comment on your ${what} “${summary.title}”`, url: summary.url,
    });
  }

  async solutionChanged(event: SolutionChanged): Promise<void> {
    if (event.acceptedAnswerId === null) return;
    const { question, answers } = await this.reader.forIndexing(event.questionId);
    const answer = answers.find((a) => a.id === event.acceptedAnswerId);
    if (!question || !answer) return;
    const link = (await this.reader.linksFor(undefined, [answer.id])).get(answer.id);
    await this.notifications.notify({
      userId: answer.authorId, kind: 'accepted', sourceKey: `accepted:${answer.id}`, actorId: event.actorId,
      text: `Your answer to “${question.title}” was accepted as the solution`, url: link?.url ?? `/questions/${question.id}`,
    });
  }

  async answerPromoted(event: AnswerPromoted): Promise<void> {
    const link = (await this.reader.linksFor(undefined, [event.answerId])).get(event.answerId);
    await this.notifications.notify({
      userId: event.authorId, kind: 'promoted', sourceKey: `promoted:${event.articleId}`, actorId: event.promotedById,
      text: `Your answer to “${link?.title ?? 'a question'}” was promoted to a knowledge-base article`, url: link?.url ?? '/kb',
    });
  }

  async moderation(event: ModerationActionRecorded): Promise<void> {
    if (!this.policy.isNotifiableModeration(event.action, event.targetType)) return;
    const type = event.targetType as 'question' | 'answer' | 'comment';
    const summary = (await this.reader.contentSummaries([{ type, id: event.targetId }])).get(`${type}:${event.targetId}`);
    const verb = MODERATION_WORDS[event.action] ?? `acted on (${event.action})`;
    const reason = event.reason ? ` Reason: ${event.reason}` : '';
    await this.notifications.notify({
      userId: event.targetUserId!, kind: 'moderation', sourceKey: `moderation:${event.auditEntryId}`, actorId: event.actorId,
      text: `A moderator ${verb} your ${type} “${summary?.title ?? ''}”.${reason}`, url: summary?.url ?? '/notifications',
    });
  }

  async badgeAwarded(event: BadgeAwarded): Promise<void> {
    const user = await this.users.findById(event.userId);
    if (!user) return;
    await this.notifications.notify({
      userId: event.userId, kind: 'badge', sourceKey: `badge:${event.awardId}`, actorId: null,
      text: `You earned the ${event.tier} badge “${event.badgeName}”`, url: `/users/${user.username}`,
    });
  }

  async superUserDecided(event: SuperUserDecided): Promise<void> {
    const user = await this.users.findById(event.userId);
    if (!user) return;
    const text = {
      approved: 'You are now a super-user: thank you for helping the community',
      declined: 'Your super-user nomination was reviewed and not approved this time',
      revoked: 'Your super-user status was withdrawn after a review',
    }[event.decision];
    await this.notifications.notify({
      userId: event.userId, kind: 'super-user', sourceKey: `super-user:${event.nominationId}:${event.decision}`, actorId: event.decidedById,
      text, url: `/users/${user.username}`,
    });
  }
}
