import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { InsightsEvents, type QuestionPastTarget } from '../insights/insights.events.js';
import { JobQueue } from '../jobs/job-queue.js';
import { KnowledgeEvents, type ArticleChanged } from '../knowledge/knowledge.events.js';
import { ModerationEvents, type ModerationActionRecorded } from '../moderation/moderation.events.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { ThreadEvents, type PostCreated, type SolutionChanged } from '../threads/threads.events.js';
import { questionPath } from '../threads/threads.presenter.js';
import { UsersService } from '../users/users.service.js';
import { WebhooksService } from './webhooks.service.js';

const SUBSCRIBER = 'webhooks';

/**
 * Turns the domain's jobs into webhook deliveries: each handler runs as a job of its own and is
 * idempotent (one delivery per endpoint and event key). Payloads carry ids, titles and links,
 * never a post's hidden content.
 */
@Injectable()
export class WebhookEventsSubscriber implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly webhooks: WebhooksService,
    private readonly reader: ThreadReader,
    private readonly users: UsersService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<PostCreated>(ThreadEvents.postCreated, (e) => this.postCreated(e), SUBSCRIBER);
    await this.jobs.subscribe<SolutionChanged>(ThreadEvents.solutionChanged, (e) => this.solutionChanged(e), SUBSCRIBER);
    await this.jobs.subscribe<ArticleChanged>(KnowledgeEvents.articleChanged, (e) => this.articleChanged(e), SUBSCRIBER);
    await this.jobs.subscribe<ModerationActionRecorded>(ModerationEvents.actionRecorded, (e) => this.moderation(e), SUBSCRIBER);
    await this.jobs.subscribe<QuestionPastTarget>(InsightsEvents.questionPastTarget, (e) => this.pastTarget(e), SUBSCRIBER);
  }

  async postCreated(event: PostCreated): Promise<void> {
    const { question } = await this.reader.forIndexing(event.questionId);
    if (!question) return;
    const author = await this.users.findById(event.authorId);
    const thread = { questionId: question.id, title: question.title, tags: question.tags ?? [], url: this.link(questionPath(question)) };
    if (event.type === 'question') {
      await this.webhooks.enqueue('question.asked', String(question.id), { ...thread, author: author?.username ?? null, askedAt: question.createdAt.toISOString() });
    } else {
      await this.webhooks.enqueue('question.answered', String(event.postId), { ...thread, answerId: event.postId, author: author?.username ?? null });
    }
  }

  /** One delivery per question and endpoint, however often the sweep sees it waiting. */
  async pastTarget(event: QuestionPastTarget): Promise<void> {
    await this.webhooks.enqueue('question.past-target', String(event.questionId), {
      questionId: event.questionId, title: event.title, tags: event.tags, url: this.link(questionPath({ id: event.questionId, slug: event.slug })),
      askedAt: event.askedAt, targetHours: event.targetHours,
    });
  }

  async solutionChanged(event: SolutionChanged): Promise<void> {
    if (event.acceptedAnswerId === null) return;
    const { question } = await this.reader.forIndexing(event.questionId);
    if (!question) return;
    await this.webhooks.enqueue('answer.accepted', String(event.acceptedAnswerId), {
      questionId: question.id, title: question.title, answerId: event.acceptedAnswerId, url: this.link(questionPath(question)),
    });
  }

  async articleChanged(event: ArticleChanged): Promise<void> {
    // One delivery per article and minute: edits in a burst are one event; the receiver re-reads the article.
    const minute = new Date().toISOString().slice(0, 16);
    await this.webhooks.enqueue('article.changed', `${event.articleId}:${minute}`, { articleId: event.articleId });
  }

  async moderation(event: ModerationActionRecorded): Promise<void> {
    if (event.action !== 'suspend' || event.targetType !== 'user') return;
    const member = await this.users.findById(event.targetId);
    await this.webhooks.enqueue('member.suspended', String(event.auditEntryId), {
      userId: event.targetId, username: member?.username ?? null, until: member?.suspendedUntil?.toISOString() ?? null, reason: event.reason,
    });
  }

  private link(path: string): string {
    return `${this.config.mail.publicUrl}${path}`;
  }
}
